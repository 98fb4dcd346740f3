package ai.oceum.springai;

import ai.oceum.TaskScope;

/**
 * One model call in progress, kept in its {@code gen_ai.client.operation} observation's context:
 * the {@code ChatClient} call it belongs to (or null), the task its usage is tied to (that call's,
 * else the task current where the model was called, else none), when it started, and the chain
 * its tokens are corrected against, and the provider as Oceum spells it (found once, at start). Immutable.
 */
record ModelCall(
        ClientCall call, TaskScope task, long startNanos, Thread startThread, UsageChain chain, String provider) {}
