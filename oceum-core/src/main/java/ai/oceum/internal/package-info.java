/**
 * Implementation details of Oceum for Java. Nothing under {@code ai.oceum.internal} is public API:
 * it may change in any release without notice.
 */
package ai.oceum.internal;
