package ai.oceum.internal.spool;

/**
 * Where one record lives in the spool: its segment and byte offset. Small on purpose: the spool
 * keeps one per event that waits only on disk.
 */
public record SpoolRef(Segment segment, long offset) {}
