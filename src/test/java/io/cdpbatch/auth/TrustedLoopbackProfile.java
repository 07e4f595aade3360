package io.cdpbatch.auth;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Loopback is a trusted proxy, so a test can send requests "from" any address with
 * {@code X-Forwarded-For}; the failure limits are the production defaults (the default test profile
 * raises them, since every test request comes from loopback).
 */
public class TrustedLoopbackProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.proxy.trusted-proxies", "127.0.0.0/8,::1/128",
                "batch.auth.address-failures", "20",
                "batch.auth.address-window", "1m",
                "batch.auth.client-failures", "50",
                "batch.auth.client-window", "1m",
                "batch.auth.max-concurrent-checks", "1",
                // a 16-way burst queues for the one permit: never long enough for a 503 here (AuthBusyTest shows it)
                "batch.auth.check-wait", "60s",
                "batch.auth.log-failures", "20",
                "batch.auth.log-interval", "1m");
    }
}
