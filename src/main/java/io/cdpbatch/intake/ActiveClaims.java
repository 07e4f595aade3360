package io.cdpbatch.intake;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.pipeline.BatchRun;
import io.cdpbatch.pipeline.LeaseLostException;
import io.quarkus.scheduler.Scheduled;

/**
 * The batches this instance holds leases on. Every second their leases are renewed, together with
 * the live progress of those being processed; a lease found lost stops its work at once.
 */
@ApplicationScoped
public class ActiveClaims {

    private static final Logger LOG = Logger.getLogger(ActiveClaims.class);

    @Inject
    BatchLeases leases;

    @Inject
    IntakeConfig config;

    private final Map<Long, Active> active = new ConcurrentHashMap<>();

    /** A claim in work; {@code run} is set once processing starts. */
    public static final class Active {
        final Claim claim;
        final String owner;
        volatile BatchRun run;
        volatile boolean lost;
        volatile boolean ending;

        Active(Claim claim, String owner) {
            this.claim = claim;
            this.owner = owner;
        }

        public void attach(BatchRun run) {
            this.run = run;
        }

        public boolean lost() {
            return lost;
        }

        /**
         * The work is about to end its claim itself (final status or give-back): from now on a
         * heartbeat that finds the lease gone is not a take-over.
         */
        public void ending() {
            this.ending = true;
        }
    }

    public Active register(Claim claim, String owner) {
        Active entry = new Active(claim, owner);
        active.put(claim.id(), entry);
        return entry;
    }

    public void unregister(Claim claim) {
        active.remove(claim.id());
    }

    public Collection<Active> all() {
        return active.values();
    }

    public int size() {
        return active.size();
    }

    @Scheduled(every = "${batch.processing.progress-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        for (Active entry : active.values()) {
            try {
                BatchRun run = entry.run;
                boolean held = run == null ? leases.renew(entry.claim.id(), entry.owner, config.leaseDuration())
                        : leases.progress(entry.claim.id(), entry.owner, config.leaseDuration(), run.progress());
                if (!held && !entry.ending && active.containsKey(entry.claim.id())) {
                    entry.lost = true;
                    if (run != null) {
                        LOG.warnf("Lease of batch %s lost: another instance took it over", entry.claim.ref());
                        run.stop(new LeaseLostException("The lease of batch " + entry.claim.ref() + " was lost"));
                    } else {
                        // a verification that just ended (its lease is cleared with the new status), or one
                        // whose lease was taken: its outcome is conditional on the lease either way
                        LOG.debugf("Lease of batch %s no longer held by this instance", entry.claim.ref());
                    }
                }
            } catch (RuntimeException e) {
                // The database may be briefly unreachable: the work itself retries; the lease
                // lasts longer than a heartbeat interval.
                LOG.debugf("Heartbeat of batch %s failed: %s", entry.claim.ref(), e.getMessage());
            }
        }
    }
}
