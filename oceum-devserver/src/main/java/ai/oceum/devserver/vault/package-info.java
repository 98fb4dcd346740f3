/** The vault: AES-GCM at rest, key handling, access policy, ttl, revoke, and the proxy that injects secrets. */
package ai.oceum.devserver.vault;
