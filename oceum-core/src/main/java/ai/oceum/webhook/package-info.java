/** Verification of the webhooks Oceum sends to an agent. */
package ai.oceum.webhook;
