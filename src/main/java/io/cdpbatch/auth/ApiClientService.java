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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cdpbatch.common.Timestamps;
import io.cdpbatch.error.ApiException;
import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * API clients: creation, revocation and authentication. Tokens are stored as bcrypt hashes only.
 *
 * <p>
 * bcrypt is slow by design, so a successful check is remembered as the SHA-256 of the presented
 * credentials together with the hash it matched. A later request with the same credentials skips
 * bcrypt only while the stored hash is still that one: a revoked client or a changed token fails at
 * once, on every replica.
 */
@ApplicationScoped
public class ApiClientService {

    private static final Logger LOG = Logger.getLogger(ApiClientService.class);
    /** Client keys become the first segment of object keys: keep them to safe characters. */
    public static final Pattern CLIENT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int VERIFIED_CACHE_LIMIT = 10_000;
    /** Hash of a random token, checked against when the key is unknown so timing does not tell. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("dummy-" + System.nanoTime());

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    /** Active clients by key, as read at {@code loadedAt}: saves the client query of most API requests. */
    private final Map<String, CachedClient> activeClients = new ConcurrentHashMap<>();

    /**
     * How long an active client row read by {@link #authenticate} is reused ({@code BATCH_AUTH_CLIENT_CACHE_TTL},
     * default 1s, 0 to read it on every request). A revocation or token change made through this
     * instance takes effect at once; one made through another instance within this time.
     */
    @ConfigProperty(name = "batch.auth.client-cache-ttl", defaultValue = "1s")
    Duration clientCacheTtl;

    @Inject
    ApiClientRepository clients;

    @Inject
    Clock clock;

    /** The tenant these credentials belong to, if they are valid and the client is not revoked. */
    public Optional<Tenant> authenticate(String clientKey, String token) {
        CachedClient client = activeClient(clientKey);
        if (client == null) {
            BcryptUtil.matches(token, DUMMY_HASH);
            return Optional.empty();
        }
        String digest = digest(clientKey, token);
        String known = verified.get(digest);
        if (known != null && MessageDigest.isEqual(bytes(known), bytes(client.tokenHash()))) {
            return Optional.of(new Tenant(client.id(), client.clientKey()));
        }
        if (!BcryptUtil.matches(token, client.tokenHash())) {
            return Optional.empty();
        }
        if (verified.size() >= VERIFIED_CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(digest, client.tokenHash());
        return Optional.of(new Tenant(client.id(), client.clientKey()));
    }

    /** The active client of this key, read at most {@link #clientCacheTtl} ago; null when unknown or revoked. */
    private CachedClient activeClient(String clientKey) {
        long now = System.nanoTime();
        CachedClient cached = activeClients.get(clientKey);
        if (cached != null && now - cached.loadedAt() < clientCacheTtl.toNanos()) {
            return cached;
        }
        Optional<ApiClient> found = clients.findByKey(clientKey).filter(ApiClient::active);
        if (found.isEmpty()) {
            activeClients.remove(clientKey);
            return null;
        }
        CachedClient fresh = new CachedClient(found.get().id, found.get().clientKey, found.get().tokenHash, now);
        if (!clientCacheTtl.isZero()) {
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

    /** Creates the client if missing, re-activates it if revoked, updates its token if it changed. */
    @Transactional
    public void bootstrap(String clientKey, String token) {
        activeClients.remove(clientKey);
        if (!CLIENT_KEY.matcher(clientKey).matches()) {
            throw new IllegalArgumentException("BATCH_BOOTSTRAP_CLIENT_KEY must match " + CLIENT_KEY.pattern());
        }
        if (token.length() < 16) {
            throw new IllegalArgumentException("BATCH_BOOTSTRAP_CLIENT_TOKEN must be at least 16 characters long");
        }
        // Replicas starting together run this at the same time: one at a time, or the second insert
        // of the same key fails and that replica does not start.
        clients.getEntityManager()
                .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('cdp-batch bootstrap client'))")
                .getSingleResult();
        Optional<ApiClient> existing = clients.findByKey(clientKey);
        if (existing.isEmpty()) {
            ApiClient client = new ApiClient();
            client.clientKey = clientKey;
            client.tokenHash = BcryptUtil.bcryptHash(token);
            client.createdAt = Timestamps.truncate(clock.instant());
            clients.persist(client);
            LOG.infof("API client %s created from the bootstrap configuration", clientKey);
            return;
        }
        ApiClient client = existing.get();
        if (client.revokedAt != null) {
            client.revokedAt = null;
            LOG.infof("API client %s re-activated from the bootstrap configuration", clientKey);
        }
        if (!BcryptUtil.matches(token, client.tokenHash)) {
            client.tokenHash = BcryptUtil.bcryptHash(token);
            LOG.infof("API token of client %s updated from the bootstrap configuration", clientKey);
        }
    }

    public List<ApiClient> listActive() {
        return clients.listActive();
    }

    /** Revokes a client: its credentials stop working at once. Its batches stay until retention. */
    @Transactional
    public void revoke(String clientKey) {
        ApiClient client = clients.findByKey(clientKey).filter(ApiClient::active)
                .orElseThrow(() -> ApiException.notFound("Client not found"));
        client.revokedAt = Timestamps.truncate(clock.instant());
        verified.values().removeIf(hash -> hash.equals(client.tokenHash));
        activeClients.remove(clientKey);
        LOG.infof("API client %s revoked", clientKey);
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
