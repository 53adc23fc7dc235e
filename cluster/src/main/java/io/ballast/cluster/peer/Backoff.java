package io.ballast.cluster.peer;

/**
 * Capped exponential backoff: attempt n waits {@code min(maxMillis, minMillis * 2^n)}, shortened by up to
 * {@code randomFactor} of itself so that peers that lost each other at once do not redial in step.
 * Jitter shortens rather than lengthens, so the cap holds.
 */
record Backoff(long minMillis, long maxMillis, double randomFactor) {
    Backoff {
        if (minMillis <= 0 || maxMillis < minMillis || randomFactor < 0 || randomFactor >= 1) {
            throw new IllegalArgumentException("bad backoff: " + minMillis + ".." + maxMillis + " x" + randomFactor);
        }
    }

    static Backoff of(PeerSettings settings) {
        return new Backoff(settings.minBackoffMillis(), settings.maxBackoffMillis(), settings.backoffRandomFactor());
    }

    /** @param random01 a draw in [0, 1) */
    long delayMillis(int attempt, double random01) {
        if (attempt < 0 || random01 < 0 || random01 >= 1) {
            throw new IllegalArgumentException("attempt " + attempt + ", random " + random01);
        }
        long base = attempt >= Long.SIZE - 1 || minMillis > (maxMillis >> attempt) ? maxMillis : minMillis << attempt;
        return Math.max(1, base - (long) (base * randomFactor * random01));
    }
}
