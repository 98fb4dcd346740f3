/** The webhook envelope in both dialects, event types, and refusals ({@link ai.oceum.devserver.protocol.ApiError}). */
package ai.oceum.devserver.protocol;
