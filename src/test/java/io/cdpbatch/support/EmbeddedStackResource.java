package io.cdpbatch.support;

import java.util.HashMap;
import java.util.Map;

import io.cdpbatch.devstack.EmbeddedStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusIntegrationTest}s: the packaged application runs in the prod profile, where
 * nothing embedded starts, so this starts PostgreSQL and S3Proxy in the test JVM and hands their
 * settings to the application, as an operator would with environment variables. It also sets a
 * bootstrap client and an admin token, since an integration test cannot inject beans.
 */
public class EmbeddedStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_KEY = "it-client";
    public static final String CLIENT_TOKEN = "it-token-0123456789abcdef";
    public static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghijkl";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(EmbeddedStack.configFor(EmbeddedStack.postgres(null),
                EmbeddedStack.s3(null)));
        config.put("batch.bootstrap.client-key", CLIENT_KEY);
        config.put("batch.bootstrap.client-token", CLIENT_TOKEN);
        config.put("batch.admin.token", ADMIN_TOKEN);
        // The packaged application's management interface would otherwise take 9000, shared by parallel runs;
        // the test's own configuration learns the port as the test port, where support.Management looks.
        String managementPort = String.valueOf(EmbeddedStack.freePort());
        config.put("quarkus.management.port", managementPort);
        config.put("quarkus.management.test-port", managementPort);
        return config;
    }

    @Override
    public void stop() {
        // The servers live as long as the test JVM (EmbeddedStack stops them at its exit).
    }
}
