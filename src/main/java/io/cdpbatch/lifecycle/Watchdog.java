package io.cdpbatch.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether the pipeline of this instance still moves, for the liveness probe: a process that serves
 * HTTP but whose arrival scan stopped firing, whose lease keeper stopped, or whose batches stopped
 * progressing is not alive, and a restart hands its work to another instance. Times come from the
 * injected clock, so tests move it instead of waiting.
 */
@ApplicationScoped
public class Watchdog {

    @Inject
    Clock clock;

    @Inject
    LifecycleConfig config;

    private volatile Instant lastScan;
    private volatile Instant lastKeeperBeat;
    private final Map<Attempt, Seen> attempts = new ConcurrentHashMap<>();

    /** The last counts seen of an attempt and when they last changed. */
    private record Seen(Attempt.Tally tally, Instant changedAt) {
    }

    /** The scheduled arrival scan ran (from then on it is expected to keep running). */
    public void scanTicked() {
        lastScan = clock.instant();
    }

    void keeperBeat() {
        lastKeeperBeat = clock.instant();
    }

    /** Notes the counts of an attempt in processing; they must keep changing. */
    void observe(Attempt attempt) {
        Attempt.Tally tally = attempt.tally();
        Instant now = clock.instant();
        attempts.compute(attempt, (a, seen) -> {
            if (seen == null || seen.tally().read() != tally.read() || seen.tally().succeeded() != tally.succeeded()
                    || seen.tally().failed() != tally.failed() || seen.tally().bytesRead() != tally.bytesRead()) {
                return new Seen(tally, now);
            }
            return seen;
        });
    }

    void forget(Attempt attempt) {
        attempts.remove(attempt);
    }

    /** What does not move any more; empty when everything does. */
    public List<String> problems(boolean attemptsInWork) {
        Instant now = clock.instant();
        Duration limit = config.stallTimeout();
        List<String> problems = new ArrayList<>();
        Instant scan = lastScan;
        if (scan != null && Duration.between(scan, now).compareTo(limit) > 0) {
            problems.add("the arrival scan has not run since " + scan);
        }
        Instant beat = lastKeeperBeat;
        if (attemptsInWork && beat != null && Duration.between(beat, now).compareTo(limit) > 0) {
            problems.add("the lease keeper has not run since " + beat);
        }
        for (Map.Entry<Attempt, Seen> entry : attempts.entrySet()) {
            if (Duration.between(entry.getValue().changedAt(), now).compareTo(limit) > 0) {
                problems.add("batch " + entry.getKey().claim().ref() + " has made no progress since "
                        + entry.getValue().changedAt());
            }
        }
        return problems;
    }
}
