package io.ballast.cluster.peer;

/**
 * A rate limit of {@code units} per {@code periodNanos} with bursts of {@code burstUnits}, kept as a theoretical arrival time
 * (GCRA) in nanoseconds of a monotonic clock the caller passes in. Thread-safe: one bucket may be shared by
 * all connections of one peer.
 */
final class TokenBucket {
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;

    private final long units;
    private final long periodNanos;
    private final long capacityNanos;
    private long theoreticalArrivalNanos;

    TokenBucket(long units, long periodNanos, long burstUnits, long nowNanos) {
        if (units <= 0 || periodNanos <= 0 || burstUnits <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive: " + units + " per " + periodNanos
                    + " ns, burst " + burstUnits);
        }
        this.units = units;
        this.periodNanos = periodNanos;
        this.capacityNanos = costNanos(burstUnits);
        this.theoreticalArrivalNanos = nowNanos;
    }

    /**
     * Takes {@code units} now, going into debt if the bucket lacks them, and answers how long the caller must
     * wait before acting so that the rate holds (0 within the burst).
     */
    synchronized long reserveNanos(long units, long nowNanos) {
        long start = Math.max(theoreticalArrivalNanos, nowNanos);
        long end = Math.addExact(start, costNanos(units));
        theoreticalArrivalNanos = end;
        return Math.max(0, end - capacityNanos - nowNanos);
    }

    /** Takes {@code units} if the bucket holds them now; otherwise takes nothing and answers false. */
    synchronized boolean tryTake(long units, long nowNanos) {
        long start = Math.max(theoreticalArrivalNanos, nowNanos);
        long end = Math.addExact(start, costNanos(units));
        if (end - nowNanos > capacityNanos) {
            return false;
        }
        theoreticalArrivalNanos = end;
        return true;
    }

    private long costNanos(long taken) {
        if (taken < 0) {
            throw new IllegalArgumentException("negative units: " + taken);
        }
        return Math.multiplyExact(taken, periodNanos) / units;
    }
}
