package io.cdpbatch.auth;

/** The outcome of checking credentials. */
public sealed interface AuthResult {

    /** The credentials are those of this tenant. */
    record Accepted(Tenant tenant) implements AuthResult {
    }

    /** Unknown client key, wrong token or revoked client: the caller is not told which. */
    record Rejected() implements AuthResult {
    }

    /**
     * Too many failures: not checked; retry after this many seconds.
     *
     * @param scope what is throttled, for the message: "this address" or "this client key"
     */
    record Throttled(long retryAfterSeconds, String scope) implements AuthResult {
    }

    /** Too many checks in progress on this replica: not checked; retry in a second. */
    record Busy() implements AuthResult {
    }
}
