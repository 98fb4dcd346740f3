/**
 * What each telemetry event says, typed: one small immutable value per event type, built on the
 * caller's thread from values already at hand, and turned into the wire's {@code data} object
 * (field order as in docs/protocol.md) on the sender thread, where rendering an exception's stack
 * trace costs the application nothing. Knows nothing of delivery.
 */
package ai.oceum.internal.event;
