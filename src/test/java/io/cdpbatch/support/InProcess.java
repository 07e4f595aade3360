package io.cdpbatch.support;

import java.util.Optional;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * The running application's beans, when it runs in this JVM (a {@code @QuarkusTest}). Against the packaged
 * application (a {@code @QuarkusIntegrationTest}, another process) there are none, and the helpers in this
 * package go through the HTTP API or the servers themselves instead.
 */
public final class InProcess {

    private InProcess() {
    }

    /** Whether the application runs in this JVM. */
    public static boolean running() {
        ArcContainer container = Arc.container();
        return container != null && container.isRunning();
    }

    /** The application's bean of this type, when the application runs in this JVM. */
    public static <T> Optional<T> bean(Class<T> type) {
        return running() ? Optional.of(Arc.container().instance(type).get()) : Optional.empty();
    }

    /** The application's bean of this type; fails in a test against the packaged application. */
    public static <T> T require(Class<T> type) {
        return bean(type).orElseThrow(() -> new IllegalStateException(
                type.getSimpleName() + " is a bean of the application: this test runs in-process only"));
    }
}
