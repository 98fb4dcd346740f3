/** Shared memory: entries an agent writes and its peers read by tag. */
package ai.oceum.memory;
