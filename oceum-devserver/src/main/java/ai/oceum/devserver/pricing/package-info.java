/** Model prices (USD per 1M tokens) and cost computation. */
package ai.oceum.devserver.pricing;
