package io.ballast.persistence.lease;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;

/**
 * A Pekko lease kept in the journal's own database: one record per lease name holding the owner, which the store
 * expires {@code heartbeat-timeout} after the last successful claim or renewal unless renewed. Claims and renewals
 * are compare-and-set in the store ({@link LeaseStore}), so at most one owner holds a name at a time in the store's
 * view. The holder renews every {@code heartbeat-interval}.
 *
 * <p>{@link #checkLease()} is what a validator asks before it signs, without a round trip: true only while the last
 * successful claim or renewal, counted from the moment it was <em>sent</em> (monotonic clock), is younger than
 * {@code heartbeat-timeout - signing-margin}. The store cannot hand the name to another owner before
 * {@code heartbeat-timeout} after it received that write, which is later; so a holder that was paused, partitioned
 * or slow stops confirming its lease at least {@code signing-margin} before anyone else can get it. The margin must
 * exceed the longest a journal write may take (the journal's circuit-breaker call timeout), so that a signature
 * persisted under the lease lands before a successor can start recovering.
 *
 * <p>Losing the lease (another owner in the store, or no successful renewal before the local validity ends) calls
 * the lease-lost callback once; sharding then stops the shard and its entities.
 */
public abstract class StoreLease extends Lease {
    private final LeaseSettings settings;
    private final LoggingAdapter log;
    private final ExtendedActorSystem system;
    private final Duration ttl;
    private final Duration interval;
    private final long validityNanos;
    private final AtomicReference<Holding> holding = new AtomicReference<>();

    /** One period of holding: until it is released or lost. */
    private final class Holding {
        final Consumer<Optional<Throwable>> lost;
        volatile long validUntilNanos;
        volatile Cancellable renewal;
        volatile boolean over;

        Holding(Consumer<Optional<Throwable>> lost, long validUntilNanos) {
            this.lost = lost;
            this.validUntilNanos = validUntilNanos;
        }
    }

    protected StoreLease(LeaseSettings settings, ExtendedActorSystem system) {
        this.settings = settings;
        this.system = system;
        this.log = Logging.getLogger(system, getClass());
        this.ttl = settings.timeoutSettings().getHeartbeatTimeout();
        this.interval = settings.timeoutSettings().getHeartbeatInterval();
        Duration margin = settings.leaseConfig().hasPath("signing-margin")
                ? settings.leaseConfig().getDuration("signing-margin") : ttl.dividedBy(2);
        if (margin.isNegative() || margin.compareTo(ttl) >= 0 || ttl.minus(margin).compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("lease " + settings.leaseName() + ": need 0 <= signing-margin ("
                    + margin + ") and heartbeat-timeout - signing-margin >= 2 x heartbeat-interval (" + ttl + ", "
                    + interval + ")");
        }
        this.validityNanos = ttl.minus(margin).toNanos();
    }

    /** The store: compare-and-set of one record per lease name, expiring after a time to live. */
    protected abstract LeaseStore store();

    protected final ExtendedActorSystem system() {
        return system;
    }

    @Override
    public LeaseSettings getSettings() {
        return settings;
    }

    @Override
    public CompletionStage<Boolean> acquire() {
        return acquire(reason -> { });
    }

    @Override
    public CompletionStage<Boolean> acquire(Consumer<Optional<Throwable>> leaseLostCallback) {
        long sentNanos = System.nanoTime();
        return withTimeout(store().claim(settings.leaseName(), settings.ownerName(), ttl)).thenApply(claimed -> {
            if (claimed) {
                Holding fresh = new Holding(leaseLostCallback, sentNanos + validityNanos);
                Holding previous = holding.getAndSet(fresh);
                if (previous != null) {
                    end(previous);
                }
                fresh.renewal = system.scheduler().scheduleWithFixedDelay(interval, interval, () -> renew(fresh),
                        system.dispatcher());
                log.info("lease {} acquired by {}", settings.leaseName(), settings.ownerName());
            } else {
                log.info("lease {} is held by another owner than {}", settings.leaseName(), settings.ownerName());
            }
            return claimed;
        });
    }

    @Override
    public CompletionStage<Boolean> release() {
        Holding current = holding.getAndSet(null);
        if (current != null) {
            end(current);
        }
        return withTimeout(store().release(settings.leaseName(), settings.ownerName()));
    }

    @Override
    public boolean checkLease() {
        Holding current = holding.get();
        return current != null && !current.over && System.nanoTime() - current.validUntilNanos < 0;
    }

    private void renew(Holding current) {
        if (current.over) {
            return;
        }
        long sentNanos = System.nanoTime();
        withTimeout(store().renew(settings.leaseName(), settings.ownerName(), ttl)).whenComplete((renewed, failure) -> {
            if (current.over) {
                return;
            }
            if (failure == null && renewed) {
                current.validUntilNanos = sentNanos + validityNanos;
            } else if (failure == null) {
                lose(current, Optional.empty(), "another owner holds it");
            } else if (System.nanoTime() - current.validUntilNanos >= 0) {
                lose(current, Optional.of(failure), "no renewal within its validity: " + failure);
            } else {
                log.warning("lease {}: renewal failed ({}), retrying", settings.leaseName(), failure.toString());
            }
        });
    }

    private void lose(Holding current, Optional<Throwable> reason, String why) {
        if (holding.compareAndSet(current, null)) {
            end(current);
            log.warning("lease {} lost by {}: {}", settings.leaseName(), settings.ownerName(), why);
            current.lost.accept(reason);
        }
    }

    private static void end(Holding holding) {
        holding.over = true;
        Cancellable renewal = holding.renewal;
        if (renewal != null) {
            renewal.cancel();
        }
    }

    private <T> CompletionStage<T> withTimeout(CompletionStage<T> operation) {
        return operation.toCompletableFuture().orTimeout(settings.timeoutSettings().getOperationTimeout().toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Runs blocking store code on Pekko's blocking-IO dispatcher. */
    protected final <T> CompletionStage<T> blocking(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work,
                system.dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher"));
    }
}
