package io.cdpbatch.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Meters failed authentication on this replica: a window of failures per source address and one
 * per client key (see {@link AuthLimitsConfig}), and a bound on the bcrypt checks running at once.
 *
 * <p>
 * A check takes a slot of its address's window before it runs and gives it back when it succeeds,
 * so a burst in parallel runs exactly as many failing checks as the window allows, not that many
 * plus whatever was in flight. Requests with credentials verified earlier run no check and take no
 * slot: they only look whether the address is refused. Time comes from the injected clock.
 */
@ApplicationScoped
public class AuthThrottle {

    /** Addresses and keys beyond {@link AuthLimitsConfig#maxTracked()} share this window. */
    static final String OVERFLOW = "*";

    @Inject
    AuthLimitsConfig config;

    @Inject
    Clock clock;

    private final Map<String, Window> addresses = new ConcurrentHashMap<>();
    private final Map<String, Window> clientKeys = new ConcurrentHashMap<>();
    private Semaphore checks;
    /** When the full maps were last swept of expired windows: at most once a second, a sweep reads them all. */
    private volatile Instant lastSweep = Instant.EPOCH;

    @PostConstruct
    void init() {
        checks = new Semaphore(Math.max(1, config.maxConcurrentChecks()), true);
    }

    /** Failures (and checks in progress) counted since {@code start}; whether a refusal was reported. */
    private record Window(Instant start, int used, boolean reported) {
    }

    /**
     * An attempt refused: how long until the window ends, and whether it is the first refusal of
     * this window (the one worth a log line).
     */
    public record Refusal(Duration retryAfter, boolean first) {
    }

    /**
     * Takes one attempt of this address's window: empty when the attempt may go on, else how long
     * until the window ends. An attempt that succeeds gives its slot back with {@link #release}.
     */
    public Optional<Refusal> reserve(String address) {
        return take(addresses, address, config.addressFailures(), config.addressWindow(), true);
    }

    /**
     * Whether this address's window is used up, without taking a slot: credentials this replica has
     * already verified need no check, so they take no slot (many requests in flight at once from one
     * address are not failures), but a refused address is refused for them too.
     */
    public Optional<Refusal> refused(String address) {
        return take(addresses, address, config.addressFailures(), config.addressWindow(), false);
    }

    /** Gives back the slot of an attempt that succeeded or was never checked. */
    public void release(String address) {
        giveBack(addresses, address);
    }

    /** Whether checks of this client key are paused, and for how long. */
    public Optional<Duration> clientPaused(String clientKey) {
        Window window = clientKeys.get(tracked(clientKeys, clientKey));
        Instant now = clock.instant();
        if (window == null || !now.isBefore(window.start().plus(config.clientWindow()))
                || window.used() < config.clientFailures()) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, window.start().plus(config.clientWindow())));
    }

    /** Counts a failed check of this client key. */
    public void clientFailed(String clientKey) {
        take(clientKeys, clientKey, Integer.MAX_VALUE, config.clientWindow(), true);
    }

    /**
     * Runs a bcrypt check once one of the {@link AuthLimitsConfig#maxConcurrentChecks()} permits is
     * free; empty when none came free within {@link AuthLimitsConfig#checkWait()}.
     */
    public <T> Optional<T> check(Supplier<T> bcrypt) {
        boolean acquired;
        try {
            acquired = checks.tryAcquire(config.checkWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!acquired) {
            return Optional.empty();
        }
        try {
            return Optional.of(bcrypt.get());
        } finally {
            checks.release();
        }
    }

    /** Seconds for a {@code Retry-After} header: at least 1, rounded up. */
    /** Checks waiting for a permit now (tests). */
    int waitingForAPermit() {
        return checks.getQueueLength();
    }

    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** Refuses when the window is used up; otherwise takes a slot of it if {@code slot}. */
    private Optional<Refusal> take(Map<String, Window> windows, String key, int limit, Duration length, boolean slot) {
        Instant now = clock.instant();
        if (!slot) {
            // the common case of a peek: no window, nothing to change
            Window window = windows.get(key);
            if (window == null || window.used() < limit || !now.isBefore(window.start().plus(length))) {
                return Optional.empty();
            }
        }
        Refusal[] refused = new Refusal[1];
        windows.compute(tracked(windows, key), (k, window) -> {
            if (window == null || !now.isBefore(window.start().plus(length))) {
                return slot ? new Window(now, 1, false) : null;
            }
            if (window.used() >= limit) {
                refused[0] = new Refusal(Duration.between(now, window.start().plus(length)), !window.reported());
                return new Window(window.start(), window.used(), true);
            }
            return slot ? new Window(window.start(), window.used() + 1, window.reported()) : window;
        });
        return Optional.ofNullable(refused[0]);
    }

    private void giveBack(Map<String, Window> windows, String key) {
        windows.computeIfPresent(tracked(windows, key),
                (k, window) -> window.used() <= 1 ? null
                        : new Window(window.start(), window.used() - 1, window.reported()));
    }

    /** The key itself while there is room, else the shared overflow window; expired windows make room. */
    private String tracked(Map<String, Window> windows, String key) {
        if (windows.containsKey(key) || windows.size() < config.maxTracked()) {
            return key;
        }
        Instant now = clock.instant();
        if (now.isAfter(lastSweep.plusSeconds(1))) {
            lastSweep = now;
            addresses.values().removeIf(window -> !now.isBefore(window.start().plus(config.addressWindow())));
            clientKeys.values().removeIf(window -> !now.isBefore(window.start().plus(config.clientWindow())));
        }
        return windows.size() < config.maxTracked() ? key : OVERFLOW;
    }
}
