package ai.oceum.reliability;

/** A row of the matrix that can run itself. */
interface MatrixRow {
    /** The fault. */
    Fault fault();

    /** Whether the client spools. */
    boolean spool();

    /** Runs the row and measures it. */
    RowResult run(Scale scale) throws Exception;
}
