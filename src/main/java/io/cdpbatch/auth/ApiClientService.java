package io.cdpbatch.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.cdpbatch.common.Timestamps;
import io.cdpbatch.error.ApiException;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * API clients: creation, revocation and authentication. Tokens are stored as bcrypt hashes only.
 *
 * <p>
 * bcrypt is slow by design, so a successful check is remembered as the SHA-256 of the presented
 * credentials together with the hash it matched. A later request with the same credentials skips
 * bcrypt only while the stored hash is still that one: a revoked client or a changed token fails as
 * soon as the change commits on the replica that made it, within {@code batch.auth.client-cache-ttl}
 * on the others. Failed checks are metered by {@link AuthThrottle}.
 */
@ApplicationScoped
public class ApiClientService {

    private static final Logger LOG = Logger.getLogger(ApiClientService.class);
    /** Client keys become the first segment of object keys: keep them to safe characters. */
    public static final Pattern CLIENT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int VERIFIED_CACHE_LIMIT = 10_000;
    /** Hash of a random token, checked against when the key is unknown so timing does not tell. */
    /** Checks of identical credentials in progress, by their digest and the hash they are checked against. */
    private final ConcurrentHashMap<String, CompletableFuture<Optional<Boolean>>> checking = new ConcurrentHashMap<>();
    private final AtomicInteger sharing = new AtomicInteger();

    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("dummy-" + System.nanoTime());

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    /** Active clients by key, as read at {@code loadedAt}: saves the client query of most API requests. */
    private final Map<String, CachedClient> activeClients = new ConcurrentHashMap<>();
    /** Client keys whose row one request is reading again, while the others use the row they have. */
    private final Set<String> rereading = ConcurrentHashMap.newKeySet();

    @Inject
    AuthLimitsConfig limits;

    @Inject
    AuthThrottle throttle;

    @Inject
    FailedAuthLog failures;

    @Inject
    ApiClientRepository clients;

    @Inject
    Event<ClientCredentialsChanged> credentialsChanged;

    @Inject
    Clock clock;

    /** Requests waiting for the answer of another request's check of the same credentials (tests). */
    int waitingForAnotherCheck() {
        return sharing.get();
    }

    /**
     * Runs one check for identical credentials arriving at once (a client that sends its first
     * requests in parallel): the first runs bcrypt, the others wait for its answer instead of taking
     * a permit of their own.
     */
    private Optional<Boolean> checkOnce(String key, Supplier<Optional<Boolean>> check) {
        CompletableFuture<Optional<Boolean>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Boolean>> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            sharing.incrementAndGet();
            try {
                return running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                return Optional.empty();
            } finally {
                sharing.decrementAndGet();
            }
        }
        try {
            Optional<Boolean> result = check.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    /**
     * Checks credentials sent from {@code address}: the address's failure window first, then the
     * credentials verified earlier, then the client key's window, then bcrypt under the bound of
     * concurrent checks. Never inside a transaction: bcrypt would hold its database connection.
     *
     * @param what what was tried, for the log line of a failure ("API token", "web sign-in")
     */
    public AuthResult authenticate(String clientKey, String token, String address, String what) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("Credentials are checked outside transactions: bcrypt would hold a connection");
        }
        var refusal = throttle.refused(address);
        if (refusal.isPresent()) {
            return throttled(address, refusal.get());
        }
        CachedClient client = null;
        String digest = null;
        if (CLIENT_KEY.matcher(clientKey).matches()) {
            client = activeClient(clientKey);
            digest = digest(clientKey, token);
            String known = client == null ? null : verified.get(digest);
            if (known != null && MessageDigest.isEqual(bytes(known), bytes(client.tokenHash()))) {
                // verified before: no check, so no slot of the address's window either
                return new AuthResult.Accepted(new Tenant(client.id(), client.clientKey()));
            }
        }
        refusal = throttle.reserve(address);
        if (refusal.isPresent()) {
            return throttled(address, refusal.get());
        }
        if (digest == null) {
            // No client can have this key: no lookup, no bcrypt, but it counts as a failure.
            failures.failed(what, null, address);
            return new AuthResult.Rejected();
        }
        var paused = throttle.clientPaused(clientKey);
        if (paused.isPresent()) {
            throttle.release(address);
            return new AuthResult.Throttled(AuthThrottle.retryAfterSeconds(paused.get()), "this client key");
        }
        // An unknown key is checked against a dummy hash, so timing does not tell the keys apart.
        String hash = client == null ? DUMMY_HASH : client.tokenHash();
        Optional<Boolean> matched = checkOnce(digest + hash, () -> throttle.check(() -> BcryptUtil.matches(token, hash)));
        if (matched.isEmpty()) {
            throttle.release(address);
            return new AuthResult.Busy();
        }
        if (client == null || !matched.get()) {
            throttle.clientFailed(clientKey);
            failures.failed(what, client == null ? null : clientKey, address);
            return new AuthResult.Rejected();
        }
        throttle.release(address);
        if (verified.size() >= VERIFIED_CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(digest, client.tokenHash());
        return new AuthResult.Accepted(new Tenant(client.id(), client.clientKey()));
    }

    private AuthResult.Throttled throttled(String address, AuthThrottle.Refusal refusal) {
        long seconds = AuthThrottle.retryAfterSeconds(refusal.retryAfter());
        if (refusal.first()) {
            failures.blocked(address, seconds);
        }
        return new AuthResult.Throttled(seconds, "this address");
    }

    /**
     * The active client of this key, read at most {@code batch.auth.client-cache-ttl} ago; null when
     * unknown or revoked. Read in a transaction of its own, so the connection is back in the pool
     * before any bcrypt. When the row's time is up, one request reads it again while the others
     * keep using it for the few milliseconds of that read (never past twice the time): every
     * request in flight would otherwise read the same row at the same moment, once a second.
     */
    private CachedClient activeClient(String clientKey) {
        long now = System.nanoTime();
        Duration ttl = limits.clientCacheTtl();
        CachedClient cached = activeClients.get(clientKey);
        if (cached != null && now - cached.loadedAt() < ttl.toNanos()) {
            return cached;
        }
        boolean reading = cached != null && now - cached.loadedAt() < 2 * ttl.toNanos();
        if (reading && !rereading.add(clientKey)) {
            return cached;
        }
        try {
            return readActiveClient(clientKey, ttl, now);
        } finally {
            if (reading) {
                rereading.remove(clientKey);
            }
        }
    }

    private CachedClient readActiveClient(String clientKey, Duration ttl, long now) {
        CachedClient fresh = QuarkusTransaction.requiringNew().call(() -> clients.findByKey(clientKey)
                .filter(ApiClient::active)
                .map(found -> new CachedClient(found.id, found.clientKey, found.tokenHash, now))
                .orElse(null));
        if (fresh == null) {
            activeClients.remove(clientKey);
            return null;
        }
        if (!ttl.isZero()) {
            if (activeClients.size() >= VERIFIED_CACHE_LIMIT) {
                activeClients.clear();
            }
            activeClients.put(clientKey, fresh);
        }
        return fresh;
    }

    private record CachedClient(long id, String clientKey, String tokenHash, long loadedAt) {
    }

    /**
     * The tenant of an API client that is still active, by id: for callers that authenticated the
     * client earlier (a web session) and must notice a revocation since.
     */
    public Optional<Tenant> activeTenant(long clientId) {
        return clients.findByIdOptional(clientId).filter(ApiClient::active)
                .map(client -> new Tenant(client.id, client.clientKey));
    }

    /** Creates a client with a random key and token; the token is returned here and never again. */
    @Transactional
    public IssuedCredentials create() {
        String key = randomKey();
        String token = randomToken();
        ApiClient client = new ApiClient();
        client.clientKey = key;
        client.tokenHash = BcryptUtil.bcryptHash(token);
        client.createdAt = Timestamps.truncate(clock.instant());
        clients.persist(client);
        LOG.infof("API client %s created", key);
        return new IssuedCredentials(key, token, client.createdAt);
    }

    /** What the bootstrap configuration did to its client. */
    public enum Bootstrapped {
        CREATED,
        UNCHANGED,
        TOKEN_UPDATED,
        /** The client was revoked and stays so: the configuration never brings a revoked client back. */
        REVOKED
    }

    /**
     * Creates the client if missing and updates its token if it changed; a revoked client stays
     * revoked (its token is not touched either). bcrypt runs between two short transactions, never in
     * one.
     */
    public Bootstrapped bootstrap(String clientKey, String token) {
        if (!CLIENT_KEY.matcher(clientKey).matches()) {
            throw new IllegalArgumentException("BATCH_BOOTSTRAP_CLIENT_KEY must match " + CLIENT_KEY.pattern());
        }
        if (token.length() < 16) {
            throw new IllegalArgumentException("BATCH_BOOTSTRAP_CLIENT_TOKEN must be at least 16 characters long");
        }
        Optional<ApiClient> seen = QuarkusTransaction.requiringNew().call(() -> clients.findByKey(clientKey));
        if (seen.isPresent() && !seen.get().active()) {
            return Bootstrapped.REVOKED;
        }
        String seenHash = seen.map(client -> client.tokenHash).orElse(null);
        String newHash = seenHash != null && BcryptUtil.matches(token, seenHash) ? null : BcryptUtil.bcryptHash(token);
        return QuarkusTransaction.requiringNew().call(() -> applyBootstrap(clientKey, seenHash, newHash));
    }

    private Bootstrapped applyBootstrap(String clientKey, String seenHash, String newHash) {
        // Replicas starting together run this at the same time: one at a time, or the second insert
        // of the same key fails and that replica does not start.
        clients.getEntityManager()
                .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('cdp-batch bootstrap client'))")
                .getSingleResult();
        Optional<ApiClient> existing = clients.findByKey(clientKey);
        if (existing.isEmpty()) {
            if (newHash == null) {
                throw new IllegalStateException("API client " + clientKey + " disappeared during start-up");
            }
            ApiClient client = new ApiClient();
            client.clientKey = clientKey;
            client.tokenHash = newHash;
            client.createdAt = Timestamps.truncate(clock.instant());
            clients.persist(client);
            LOG.infof("API client %s created from the bootstrap configuration", clientKey);
            return Bootstrapped.CREATED;
        }
        ApiClient client = existing.get();
        if (!client.active()) {
            return Bootstrapped.REVOKED;
        }
        // Another replica may have applied the same configuration meanwhile: only replace the hash compared.
        if (newHash == null || !client.tokenHash.equals(seenHash)) {
            return Bootstrapped.UNCHANGED;
        }
        client.tokenHash = newHash;
        credentialsChanged.fire(new ClientCredentialsChanged(client.id, clientKey));
        LOG.infof("API token of client %s updated from the bootstrap configuration", clientKey);
        return Bootstrapped.TOKEN_UPDATED;
    }

    public List<ApiClient> listActive() {
        return clients.listActive();
    }

    /**
     * Revokes a client: its credentials stop working when the transaction commits, on this replica
     * at once, on the others within {@code batch.auth.client-cache-ttl}. Its web sessions end with
     * it; its batches stay until retention.
     */
    @Transactional
    public void revoke(String clientKey) {
        ApiClient client = clients.findByKey(clientKey).filter(ApiClient::active)
                .orElseThrow(() -> ApiException.notFound("Client not found"));
        client.revokedAt = Timestamps.truncate(clock.instant());
        credentialsChanged.fire(new ClientCredentialsChanged(client.id, clientKey));
        LOG.infof("API client %s revoked", clientKey);
    }

    /**
     * Forgets what this replica remembers of a client, once the change is committed: cleared before,
     * a request in between would read the old row again and keep it for the cache's lifetime.
     */
    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClientCredentialsChanged changed) {
        // Verified credentials need no clearing: they count only while they match the row's current hash.
        activeClients.remove(changed.clientKey());
    }

    private String randomKey() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * 256 random bits, base64url. A token never starts with {@code -}: command lines (the CLI's
     * {@code --token}, curl's {@code -u}) would take it for an option.
     */
    String randomToken() {
        byte[] bytes = new byte[32];
        String token;
        do {
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (token.startsWith("-"));
        return token;
    }

    private static String digest(String clientKey, String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes(clientKey));
            sha.update((byte) 0);
            sha.update(bytes(token));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Credentials of a new client, shown once. */
    public record IssuedCredentials(String clientKey, String token, java.time.Instant createdAt) {
    }
}
