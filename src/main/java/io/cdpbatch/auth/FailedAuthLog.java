package io.cdpbatch.auth;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * The INFO lines of failed authentication: what was tried (API token, web sign-in, admin token),
 * the client key when it names an existing client, and the source address; never the token. At
 * most {@link AuthLimitsConfig#logFailures()} lines per {@link AuthLimitsConfig#logInterval()}, then
 * one line with the number left out, so a flood does not flood the log.
 */
@ApplicationScoped
public class FailedAuthLog {

    private static final Logger LOG = Logger.getLogger(FailedAuthLog.class);

    @Inject
    AuthLimitsConfig config;

    @Inject
    Clock clock;

    private Instant intervalStart = Instant.EPOCH;
    private int logged;
    private int suppressed;

    /**
     * A failed authentication.
     *
     * @param what "API token", "web sign-in" or "admin token"
     * @param clientKey the key of an existing client, or null: a key that names no client is not
     *        logged, since a person may have typed the token into the key field
     * @param address the source address
     */
    public void failed(String what, String clientKey, String address) {
        if (admit()) {
            LOG.infof("Failed authentication (%s) for %s from %s", what,
                    clientKey == null ? "an unknown client key" : "client " + clientKey, address);
        }
    }

    /** An address whose failures reached the limit: logged once per window, under the same cap. */
    public void blocked(String address, long seconds) {
        if (admit()) {
            LOG.infof("Source address %s refused for %ds: too many failed authentications", address, seconds);
        }
    }

    private boolean admit() {
        int left = 0;
        boolean admitted;
        synchronized (this) {
            Instant now = clock.instant();
            if (!now.isBefore(intervalStart.plus(config.logInterval()))) {
                left = suppressed;
                intervalStart = now;
                logged = 0;
                suppressed = 0;
            }
            admitted = logged < config.logFailures();
            if (admitted) {
                logged++;
            } else {
                suppressed++;
            }
        }
        if (left > 0) {
            LOG.infof("%d more failed authentications were not logged (at most %d lines per %ds)", left,
                    config.logFailures(), config.logInterval().toSeconds());
        }
        return admitted;
    }
}
