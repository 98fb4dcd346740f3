package ai.oceum.devserver.store;

/**
 * The repositories over one database, sharing one retention limit.
 *
 * @param db the database (transactions)
 * @param agents the fleet
 * @param events the event history and de-duplication record
 * @param tasks tasks
 * @param errors errors
 * @param usage token usage and cost
 * @param memory shared memory
 * @param vault vault entries
 * @param traces runs as task trees, for the trace view
 */
public record Store(
        Database db,
        AgentRepository agents,
        EventLog events,
        TaskRepository tasks,
        ErrorRepository errors,
        UsageRepository usage,
        MemoryRepository memory,
        VaultRepository vault,
        TraceRepository traces)
        implements AutoCloseable {

    /** Opens the database at {@code jdbcUrl} keeping at most {@code retention} rows per history table. */
    public static Store open(String jdbcUrl, int retention) {
        Retention r = new Retention(retention);
        return new Store(
                Database.open(jdbcUrl),
                new AgentRepository(),
                new EventLog(r),
                new TaskRepository(r),
                new ErrorRepository(r),
                new UsageRepository(r),
                new MemoryRepository(r),
                new VaultRepository(),
                new TraceRepository());
    }

    @Override
    public void close() {
        db.close();
    }
}
