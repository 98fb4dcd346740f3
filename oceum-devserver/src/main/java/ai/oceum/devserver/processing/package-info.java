/** Applying webhook events to the store: de-duplication, tasks, errors, usage and budget, memory, vault writes. */
package ai.oceum.devserver.processing;
