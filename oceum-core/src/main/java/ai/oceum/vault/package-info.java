/**
 * The vault: secrets stored by Oceum and referred to by token, read back or used through the
 * zero-knowledge proxy. Nothing in this package prints a secret in {@code toString()}.
 */
package ai.oceum.vault;
