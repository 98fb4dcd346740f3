/** The dashboard's model, the liveness rule, and the server-sent-events broadcaster. */
package ai.oceum.devserver.dashboard;
