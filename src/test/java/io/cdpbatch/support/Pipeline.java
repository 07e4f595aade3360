package io.cdpbatch.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.intake.ArrivalScanner;
import io.cdpbatch.lifecycle.WorkRunner;

/**
 * Drives the batch pipeline the way its scheduled trigger does: the application scheduler is off in
 * tests, so a test that waits for a batch calls this instead of waiting for the clock. Against the
 * packaged application (an integration test, another JVM), whose own scheduler runs, it does nothing.
 */
public final class Pipeline {

    private Pipeline() {
    }

    /**
     * Drives the pipeline until nothing is left to do: no upload waiting to be verified, no batch
     * waiting for or in processing, nothing in work on this instance. A test that measures what one
     * batch does (metrics, say) settles first, so leftovers of earlier tests are not counted.
     */
    public static void settle() {
        if (!InProcess.running()) {
            return;
        }
        WorkRunner runner = InProcess.require(WorkRunner.class);
        AgroalDataSource dataSource = InProcess.require(AgroalDataSource.class);
        Awaitility.await("the pipeline settles").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    drive();
                    return runner.idle() && waiting(dataSource) == 0;
                });
    }

    private static long waiting(AgroalDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT count(*) FROM batch WHERE status IN ('file_uploaded', 'processing')"
                                + " OR (status = 'uploading' AND arrived_at IS NOT NULL)")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Runs {@code client} (a client under test that polls the API itself, such as the CLI waiting for
     * a batch) on a thread of its own, and drives the pipeline on this one until it returns.
     */
    public static <T> T drivingWhile(Callable<T> client) {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<T> result = thread.submit(client);
            Awaitility.await("the client returns").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        drive();
                        return result.isDone();
                    });
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            thread.shutdownNow();
        }
    }

    /** One scan for arrived uploads, then claims for every free slot (the work itself runs on its own threads). */
    public static void drive() {
        if (!InProcess.running()) {
            return;
        }
        InProcess.require(ArrivalScanner.class).scan();
        InProcess.require(WorkRunner.class).pump();
    }
}
