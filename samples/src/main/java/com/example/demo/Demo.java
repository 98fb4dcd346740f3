package com.example.demo;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4j;
import com.example.digest.DigestAgent;
import com.example.replies.LocalWriterModel;
import com.example.replies.Reply;
import com.example.replies.ReplyWorkflow;
import com.example.support.LocalTriageModel;
import com.example.support.SupportAgent;
import com.example.support.Ticket;
import com.example.support.TicketTools;
import com.example.support.Tickets;
import com.example.support.TriageAgent;
import com.example.support.TriageAssistant;
import com.example.support.UsageTally;
import com.example.support.Verdict;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: a support-triage agent (LangChain4j AI service with two tools, an {@code @AgentTask}
 * entry method, the Oceum Logback appender, heartbeats and token usage), a reply writer (a
 * LangChain4j agentic multi-agent workflow: each reply one task tree) and a plain-Java digest
 * agent (only {@code wrap}) work through a fixed inbox and report everything to Oceum.
 *
 * <p>With {@code OCEUM_BASE_URL} unset, a local Oceum dev server starts in this process and its
 * dashboard URL is printed. {@code OPENAI_API_KEY} switches the triage agent from the offline
 * deterministic model to a real OpenAI-compatible one ({@code OPENAI_MODEL},
 * {@code OPENAI_BASE_URL}).
 *
 * <p>How it ends ({@link Ending}): on a terminal the local dashboard stays up until Enter (or
 * Ctrl-C); without one (CI, tests, a pipe) the demo exits after its summary; {@code --keep-open}
 * keeps the dashboard up until Ctrl-C even without a terminal.
 *
 * <p>Not thread-safe: one run at a time.
 */
public final class Demo {

    private final PrintStream out;
    private final InputStream in;
    private final boolean terminal;

    /** A demo without a terminal: it exits after the summary unless given {@code --keep-open}. */
    Demo(PrintStream out) {
        this(out, InputStream.nullInputStream(), false);
    }

    /** A demo that prints to {@code out} and, when {@code terminal} is true, waits for Enter on {@code in}. */
    Demo(PrintStream out, InputStream in, boolean terminal) {
        this.out = out;
        this.in = in;
        this.terminal = terminal;
    }

    /** Runs the demo and exits 0 when every reporting step worked. */
    public static void main(String[] args) throws Exception {
        int code = new Demo(System.out, System.in, Ending.hasTerminal()).run(List.of(args));
        System.exit(code);
    }

    int run(List<String> args) throws Exception {
        boolean keepOpen = args.contains("--keep-open");
        try (Backend backend = Backend.start(out);
                Oceum triage = backend.client("support-triage");
                Oceum writer = backend.client("reply-writer");
                Oceum digest = backend.client("nightly-digest")) {
            // The Logback appender in logback.xml shares this client instead of starting its own.
            Oceum.setGlobal(triage);
            for (Oceum client : List.of(triage, writer, digest)) {
                client.startHeartbeat(Duration.ofSeconds(5));
                client.setStatus("working");
            }

            UsageTally tally = new UsageTally();
            ChatModel model = model(List.of(new OceumChatModelListener(triage), tally));
            // One call registers the AI-service listeners and the tool hooks (tool durations, failures);
            // the minimal form is .registerListeners(OceumAiServiceListeners.create(triage)).
            TriageAssistant assistant = OceumLangChain4j.instrument(
                            AiServices.builder(TriageAssistant.class)
                                    .chatModel(model)
                                    .tools(new TicketTools()),
                            triage)
                    .build();
            // instrument() applies @AgentTask of SupportAgent: every triage() call is an Oceum task.
            SupportAgent agent = triage.instrument(SupportAgent.class, new TriageAgent(assistant));

            List<Ticket> inbox = Tickets.inbox();
            List<Verdict> verdicts = new ArrayList<>();
            int failed = 0;
            out.println("Triaging " + inbox.size() + " tickets with " + modelDescription() + " ...");
            for (Ticket ticket : inbox) {
                try {
                    Verdict verdict = agent.triage(ticket);
                    verdicts.add(verdict);
                    out.printf(
                            "  %s  %-8s %-6s  %s%n",
                            ticket.id(), verdict.category(), verdict.priority(), abbreviate(verdict.reply(), 70));
                } catch (RuntimeException e) {
                    failed++;
                    out.printf("  %s  FAILED  %s%n", ticket.id(), e.getMessage());
                }
            }
            List<Reply> replies = replies(inbox, verdicts, writer, tally);
            List<String> lines = new DigestAgent(digest).run(inbox, verdicts);
            out.println("Digest: " + lines.get(lines.size() - 1));

            boolean flushed = true;
            for (Oceum client : List.of(triage, writer, digest)) {
                client.setStatus("idle");
                flushed &= client.flush(Duration.ofSeconds(15));
            }
            String trace = replies.isEmpty()
                    ? null
                    : backend.traceUrl("reply-writer", replies.get(0).taskId());
            summary(
                    inbox.size() - failed,
                    failed,
                    tally,
                    backend,
                    List.of(triage.stats(), writer.stats(), digest.stats()),
                    flushed,
                    trace);

            switch (Ending.choose(keepOpen, terminal, backend.isLocal())) {
                case UNTIL_ENTER -> {
                    out.println();
                    out.println("The dashboard stays up at " + backend.dashboardUrl()
                            + " - press Enter (or Ctrl-C) to stop.");
                    awaitEnter();
                }
                case UNTIL_CTRL_C -> {
                    out.println("The dashboard stays up at " + backend.dashboardUrl() + " - press Ctrl-C to stop.");
                    awaitCtrlC();
                }
                case EXIT -> {
                    // Nothing to wait for: the summary above is the result.
                }
            }
            Oceum.setGlobal(null);
            return flushed ? 0 : 1;
        }
    }

    /**
     * The reply writer: for each urgent ticket, a multi-agent workflow (classify, then draft and
     * review until the review is good, then policy and tone checks in parallel) on the offline
     * writer model; each reply is one task tree in Oceum.
     */
    private List<Reply> replies(List<Ticket> inbox, List<Verdict> verdicts, Oceum writer, UsageTally tally) {
        ReplyWorkflow workflow =
                new ReplyWorkflow(writer, new LocalWriterModel(List.of(new OceumChatModelListener(writer), tally)));
        List<Reply> replies = new ArrayList<>();
        List<Verdict> urgent =
                verdicts.stream().filter(v -> v.priority().equals("high")).toList();
        out.println("Replying to " + urgent.size() + " urgent tickets with a multi-agent workflow "
                + "(classify -> draft <-> review -> policy || tone checks) ...");
        for (Verdict verdict : urgent) {
            Ticket ticket = inbox.stream()
                    .filter(t -> t.id().equals(verdict.ticketId()))
                    .findFirst()
                    .orElseThrow();
            Reply reply = workflow.reply(ticket);
            replies.add(reply);
            out.printf(
                    "  %s  %d drafts, policy %s, tone %s  %s%n",
                    reply.ticketId(), reply.drafts(), reply.policy(), reply.tone(), abbreviate(reply.text(), 60));
        }
        return replies;
    }

    private void summary(
            int ok,
            int failed,
            UsageTally tally,
            Backend backend,
            List<OceumStats> stats,
            boolean flushed,
            String trace) {
        out.println();
        out.println("Summary");
        out.printf("  tickets       %d triaged, %d failed%n", ok, failed);
        out.printf(
                "  model calls   %d (%d tokens in, %d tokens out)%n",
                tally.calls(), tally.tokensIn(), tally.tokensOut());
        backend.summary().forEach(line -> out.println("  " + line));
        out.printf(
                "  events        %d delivered, %d dropped, %d failed%s%n",
                stats.stream().mapToLong(OceumStats::sent).sum(),
                stats.stream().mapToLong(OceumStats::droppedTotal).sum(),
                stats.stream().mapToLong(OceumStats::failed).sum(),
                flushed ? "" : " (not all delivered before the deadline)");
        out.println("  dashboard     " + backend.dashboardUrl());
        if (trace != null) {
            out.println("  trace         " + trace + "  (one reply's multi-agent run, as a tree)");
        }
    }

    private static ChatModel model(List<ChatModelListener> listeners) {
        String key = System.getenv("OPENAI_API_KEY");
        if (key == null || key.isBlank()) {
            return new LocalTriageModel(listeners);
        }
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .apiKey(key)
                .modelName(envOr("OPENAI_MODEL", "gpt-4o-mini"))
                .listeners(listeners);
        String baseUrl = System.getenv("OPENAI_BASE_URL");
        if (baseUrl != null && !baseUrl.isBlank()) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }

    private static String modelDescription() {
        String key = System.getenv("OPENAI_API_KEY");
        return key == null || key.isBlank()
                ? "the offline model " + LocalTriageModel.MODEL_NAME
                : "OpenAI model " + envOr("OPENAI_MODEL", "gpt-4o-mini");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /** Returns at Enter or at the end of the input; Ctrl-C ends the JVM meanwhile. */
    private void awaitEnter() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
        reader.readLine();
    }

    private static void awaitCtrlC() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-stop"));
        stop.await();
    }
}
