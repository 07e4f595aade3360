package io.cdpbatch.auth;

/**
 * Fired inside the transaction that revokes a client or changes its token. Observers in the same
 * transaction end what depended on the old credentials (web sessions); after the commit, caches
 * forget them.
 */
public record ClientCredentialsChanged(long clientId, String clientKey) {
}
