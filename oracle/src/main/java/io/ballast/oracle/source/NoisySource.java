package io.ballast.oracle.source;

import java.util.Set;

/**
 * One operator's view of a shared source: each quote moved by a deterministic, seeded observation
 * error uniform in ±{@code noisePpm} (a function of seed, market and time, so it needs no state).
 */
public final class NoisySource implements PriceSource {
    private final PriceSource source;
    private final long seed;
    private final long noisePpm;

    public NoisySource(PriceSource source, long seed, long noisePpm) {
        this.source = source;
        this.seed = seed;
        this.noisePpm = noisePpm;
    }

    @Override
    public PriceQuote quote(String marketId, long timeMillis) {
        PriceQuote quote = source.quote(marketId, timeMillis);
        long h = mix(seed ^ mix(marketId.hashCode()) ^ mix(timeMillis));
        long errorPpm = Math.floorMod(h, 2 * noisePpm + 1) - noisePpm;
        long priceUsd = Math.max(1, quote.priceUsd() + quote.priceUsd() / 1_000_000 * errorPpm);
        return new PriceQuote(priceUsd, quote.timestampMillis());
    }

    @Override
    public Set<String> marketIds() {
        return source.marketIds();
    }

    /** The shared source's volatility, moved by the same kind of seeded observation error (in ppm of itself). */
    @Override
    public java.util.OptionalLong volatilityPpm(String marketId, long timeMillis) {
        java.util.OptionalLong vol = source.volatilityPpm(marketId, timeMillis);
        if (vol.isEmpty()) {
            return vol;
        }
        long h = mix(seed ^ mix(marketId.hashCode() * 31L + 7) ^ mix(timeMillis));
        long errorPpm = Math.floorMod(h, 2 * noisePpm + 1) - noisePpm;
        return java.util.OptionalLong.of(Math.max(1, vol.getAsLong() + vol.getAsLong() / 1_000_000 * errorPpm));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
