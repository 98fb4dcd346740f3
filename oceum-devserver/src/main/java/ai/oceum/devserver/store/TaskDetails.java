package ai.oceum.devserver.store;

/**
 * What a task event says about its task beyond ids, name and times, kept for the trace view.
 * Every field may be null.
 *
 * @param kind what the task is ({@code meta.kind}: {@code agent}, {@code loop}, {@code parallel}…), cut
 * @param outcome how it ended, as the SDK says ({@code meta.status}: {@code completed}, {@code suspended},
 *     {@code failed}, {@code abandoned}), cut; on a start, null
 * @param rootHint the run's root task id as the SDK knows it ({@code meta.rootTaskId}), used while the
 *     task's parent has not arrived ({@link RunLabels})
 * @param resumeOf the root task id of the suspended run this run resumes ({@code meta.resumeOf})
 * @param metaJson the event's {@code meta}, compacted to its column
 * @param usageTotalsJson the ending's {@code usageTotals} object as JSON (the task and its subtree, as the SDK counted)
 */
public record TaskDetails(
        String kind, String outcome, String rootHint, String resumeOf, String metaJson, String usageTotalsJson) {
    /** Nothing beyond the basics. */
    public static final TaskDetails NONE = new TaskDetails(null, null, null, null, null, null);
}
