package ai.oceum.devserver.dashboard;

import ai.oceum.devserver.store.TraceRepository.TraceTask;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's tasks as a tree, from rows that may have arrived in any order: a task whose parent is
 * one of the rows is its child; any other task (parent not reported, not on this page, or a loop
 * of parent links) is placed at the top with a note saying which. Children are ordered by start.
 * Totals per subtree (tasks, model calls, tokens, cost, errors, time span) are summed bottom-up
 * without recursion, so a deep chain cannot overflow the stack. Not thread-safe: built and read by
 * one request.
 */
final class TraceTree {
    /** One task in the tree. */
    static final class Node {
        final TraceTask task;
        final String key;
        Node parent;
        final List<Node> children = new ArrayList<>();
        int depth;
        /** Why this task is at the top though it has a parent id, or null. */
        String orphanNote;
        /** The parent id of a task whose parent is not among the rows, or null. */
        String missingParent;

        final Usage own = new Usage();
        final Usage subtree = new Usage();
        int ownErrors;
        int subtreeErrors;
        int subtreeTasks;
        int subtreeRunning;
        int subtreeFailed;
        Long start;
        Long end;
        Long subtreeStart;
        Long subtreeEnd;

        Node(TraceTask task) {
            this.task = task;
            this.key = task.taskId() != null ? "t:" + task.taskId() : "r:" + task.id();
        }
    }

    /** Model calls, tokens and cost. */
    static final class Usage {
        long calls;
        long tokensInput;
        long tokensOutput;
        BigDecimal costUsd = BigDecimal.ZERO;

        void add(long calls, long in, long out, BigDecimal cost) {
            this.calls += calls;
            this.tokensInput += in;
            this.tokensOutput += out;
            this.costUsd = this.costUsd.add(cost);
        }

        void add(Usage u) {
            add(u.calls, u.tokensInput, u.tokensOutput, u.costUsd);
        }
    }

    final List<Node> tops = new ArrayList<>();
    /** Every node, parents before children, siblings in order: the order the page shows them. */
    final List<Node> ordered = new ArrayList<>();

    final Map<String, Node> byTaskId = new HashMap<>();

    /** Builds the tree; {@code now} is when running tasks are measured to. */
    TraceTree(List<TraceTask> rows, long now) {
        List<Node> nodes = new ArrayList<>();
        for (TraceTask t : rows) {
            Node n = new Node(t);
            nodes.add(n);
            if (t.taskId() != null) {
                byTaskId.putIfAbsent(t.taskId(), n);
            }
            times(n, now);
        }
        for (Node n : nodes) {
            String parentId = n.task.parentTaskId();
            Node p = parentId == null ? null : byTaskId.get(parentId);
            if (p != null && p != n) {
                n.parent = p;
                p.children.add(n);
            } else if (p == n) {
                n.orphanNote = "its parent task id is its own id";
            } else if (parentId != null) {
                n.missingParent = parentId;
            }
        }
        Comparator<Node> byStart = Comparator.comparing((Node n) -> n.start == null ? Long.MAX_VALUE : n.start)
                .thenComparingLong(n -> n.task.id());
        nodes.forEach(n -> n.children.sort(byStart));
        List<Node> roots =
                new ArrayList<>(nodes.stream().filter(n -> n.parent == null).toList());
        roots.sort(Comparator.comparing((Node n) -> n.missingParent != null || n.orphanNote != null)
                .thenComparing(byStart));
        Set<Node> placed = new LinkedHashSet<>();
        for (Node r : roots) {
            place(r, placed);
        }
        // Nodes not reached from a top are in a loop of parent links: break each loop at its oldest task.
        for (Node n : nodes) {
            if (!placed.contains(n)) {
                n.parent.children.remove(n);
                n.parent = null;
                n.orphanNote = "its parent links form a loop";
                place(n, placed);
            }
        }
        sum();
    }

    private void place(Node top, Set<Node> placed) {
        tops.add(top);
        Deque<Node> stack = new ArrayDeque<>();
        top.depth = 0;
        stack.push(top);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (!placed.add(n)) {
                continue;
            }
            ordered.add(n);
            for (int i = n.children.size() - 1; i >= 0; i--) {
                Node c = n.children.get(i);
                if (!placed.contains(c)) {
                    c.depth = n.depth + 1;
                    stack.push(c);
                }
            }
        }
    }

    /** Start and end on the agent's clock: the start, and the start plus the duration, else what can be derived. */
    private static void times(Node n, long now) {
        TraceTask t = n.task;
        Long start = t.startedAt();
        if (start == null && t.endedAt() != null) {
            start = t.durationMs() != null ? t.endedAt() - t.durationMs() : t.endedAt();
        }
        // The reported duration wins over the end's timestamp (they can differ by a millisecond): bars and sums agree
        // with it.
        Long end = start != null && t.durationMs() != null && !"running".equals(t.status())
                ? Long.valueOf(start + t.durationMs())
                : t.endedAt();
        if (end == null && start != null) {
            end = "running".equals(t.status()) ? Math.max(start, now) : start;
        }
        n.start = start;
        n.end = end;
    }

    /** Adds each task's own usage and errors, then sums subtrees bottom-up (children come after parents in {@link #ordered}). */
    void addUsage(String taskId, long calls, long in, long out, BigDecimal cost) {
        Node n = byTaskId.get(taskId);
        if (n != null) {
            n.own.add(calls, in, out, cost);
        }
    }

    void addError(String taskId) {
        Node n = byTaskId.get(taskId);
        if (n != null) {
            n.ownErrors++;
        }
    }

    /** Recomputes the subtree totals; call after {@link #addUsage} and {@link #addError}. */
    void sum() {
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Node n = ordered.get(i);
            n.subtree.calls = 0;
            n.subtree.tokensInput = 0;
            n.subtree.tokensOutput = 0;
            n.subtree.costUsd = BigDecimal.ZERO;
            n.subtree.add(n.own);
            n.subtreeErrors = n.ownErrors;
            n.subtreeTasks = 1;
            n.subtreeRunning = "running".equals(n.task.status()) ? 1 : 0;
            n.subtreeFailed = "failed".equals(n.task.status()) ? 1 : 0;
            n.subtreeStart = n.start;
            n.subtreeEnd = n.end;
            for (Node c : n.children) {
                n.subtree.add(c.subtree);
                n.subtreeErrors += c.subtreeErrors;
                n.subtreeTasks += c.subtreeTasks;
                n.subtreeRunning += c.subtreeRunning;
                n.subtreeFailed += c.subtreeFailed;
                n.subtreeStart = min(n.subtreeStart, c.subtreeStart);
                n.subtreeEnd = max(n.subtreeEnd, c.subtreeEnd);
            }
        }
    }

    /** The earliest start of any task, or null when no task has a known time. */
    Long firstStart() {
        Long first = null;
        for (Node n : tops) {
            first = min(first, n.subtreeStart);
        }
        return first;
    }

    /** The latest end of any task (running ones: now), or null. */
    Long lastEnd() {
        Long last = null;
        for (Node n : tops) {
            last = max(last, n.subtreeEnd);
        }
        return last;
    }

    private static Long min(Long a, Long b) {
        return a == null ? b : b == null ? a : Math.min(a, b);
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Math.max(a, b);
    }
}
