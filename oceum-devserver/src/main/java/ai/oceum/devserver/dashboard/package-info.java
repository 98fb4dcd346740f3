/** The dashboard's model, the trace view's model of a run (a task tree), the liveness rule, and the server-sent-events broadcaster. */
package ai.oceum.devserver.dashboard;
