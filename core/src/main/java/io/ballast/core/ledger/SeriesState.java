package io.ballast.core.ledger;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.Greeks;
import io.ballast.core.options.OptionType;

/**
 * One live option series (owned by its underlying {@link MarketState}): open interest, Σ premium
 * basis, and the running time-weighted index of its settlement window. Settled series leave the
 * state; {@code number} (the listing order) is never reused, so account positions keyed by it stay
 * unambiguous.
 *
 * <p>Below the hashed fields: a pricing cache, a pure function of (index, vol index, block time),
 * recomputed when any of them changes. It holds the model price ("mark") and, per margin scenario,
 * the value change of one unit, so margin checks inside a block are sums of products.
 */
final class SeriesState {
    final int number;
    final OptionSeriesSpec spec;
    final String id;
    final MarketState market;
    final boolean call;
    long longOpenInterestE8;
    long shortOpenInterestE8;
    long sumBasisUsd;
    /** Σ index × fresh milliseconds inside the settlement window (128 bits: high word, unsigned low word). */
    long twapHigh;
    long twapLow;
    long twapWeightMillis;
    /** Set once the series is past expiry and waiting for a fresh index (a SettlementDelayed event was recorded). */
    boolean delayed;

    // ---- pricing cache (not hashed)
    private long cachedIndexUsd = -1;
    private long cachedVolPpm = -1;
    private long cachedTimeMillis = Long.MIN_VALUE;
    private long markUsd;
    private Greeks greeks;
    private final long[] scenarioPnlUsd;
    private long[] stressPnlUsd;
    private BlackScholes.Inputs inputs;
    private double sigma;
    private double sigmaUp;
    private double sigmaDown;

    SeriesState(int number, OptionSeriesSpec spec, MarketState market) {
        this.number = number;
        this.spec = spec;
        this.id = spec.id();
        this.market = market;
        this.call = spec.type() == OptionType.CALL;
        this.scenarioPnlUsd = new long[market.grid.size()];
    }

    long netSizeE8() {
        return Math.subtractExact(longOpenInterestE8, shortOpenInterestE8);
    }

    long millisToExpiry(long nowMillis) {
        return Math.max(0, spec.expiryMillis() - nowMillis);
    }

    boolean expired(long nowMillis) {
        return nowMillis >= spec.expiryMillis();
    }

    // ------------------------------------------------------------------ pricing

    /** Model value of one unit at the market's index and vol index at {@code nowMillis}. */
    long markUsd(long nowMillis, long ratePpm) {
        price(nowMillis, ratePpm);
        return markUsd;
    }

    /** Per scenario of the market's grid: value change of one unit, micro-USD. Do not modify. */
    long[] scenarioPnlUsd(long nowMillis, long ratePpm) {
        price(nowMillis, ratePpm);
        return scenarioPnlUsd;
    }

    /** Per stress scenario: value change of one unit. Do not modify. */
    long[] stressPnlUsd(long nowMillis, long ratePpm) {
        price(nowMillis, ratePpm);
        if (stressPnlUsd == null) {
            ScenarioGrid grid = market.grid;
            long[] pnl = new long[grid.stressMovePpm.length];
            for (int s = 0; s < pnl.length; s++) {
                pnl[s] = Math.subtractExact(valueAt(market.stressSpotUsd(s), market.stressLnSpot(s), grid.stressVolShock[s]),
                        markUsd);
            }
            stressPnlUsd = pnl;
        }
        return stressPnlUsd;
    }

    Greeks greeks(long nowMillis, long ratePpm) {
        price(nowMillis, ratePpm);
        if (greeks == null) {
            greeks = inputs.greeks(spec.type(), market.indexPriceUsd, sigma);
        }
        return greeks;
    }

    /** The value of one unit at another spot and vol (the liquidation guard's favourable points); not cached. */
    long valueAt(long nowMillis, long ratePpm, long spotUsd, double sigmaFactor) {
        price(nowMillis, ratePpm);
        return inputs.priceUsd(call, spotUsd, StrictMath.log(spotUsd), sigma * sigmaFactor);
    }

    private long valueAt(long spotUsd, double lnSpot, int volShock) {
        double s = volShock == ScenarioGrid.VOL_UP ? sigmaUp : volShock == ScenarioGrid.VOL_DOWN ? sigmaDown : sigma;
        return inputs.priceUsd(call, spotUsd, lnSpot, s);
    }

    private void price(long nowMillis, long ratePpm) {
        long index = market.indexPriceUsd;
        long vol = market.volIndexPpm;
        if (index == cachedIndexUsd && vol == cachedVolPpm && nowMillis == cachedTimeMillis) {
            return;
        }
        long millis = millisToExpiry(nowMillis);
        inputs = BlackScholes.Inputs.of(spec.strikeUsd(), ratePpm, millis);
        sigma = vol / 1e6;
        OptionMarketParams p = market.optionParams;
        double scale = volShockScale(p, millis);
        sigmaUp = Math.min(BlackScholes.MAX_VOL_PPM / 1e6, sigma * (1.0 + p.volUpPpm() / 1e6 * scale));
        sigmaDown = sigma * (1.0 - Math.min(0.9, p.volDownPpm() / 1e6 * scale));
        greeks = null;
        stressPnlUsd = null;
        if (index <= 0) {
            markUsd = 0;
            java.util.Arrays.fill(scenarioPnlUsd, 0);
        } else {
            markUsd = inputs.priceUsd(call, index, market.gridLnSpot(0), sigma);
            ScenarioGrid grid = market.grid;
            for (int s = 0; s < scenarioPnlUsd.length; s++) {
                scenarioPnlUsd[s] = Math.subtractExact(valueAt(market.gridSpotUsd(s), market.gridLnSpot(s), grid.volShock[s]),
                        markUsd);
            }
        }
        cachedIndexUsd = index;
        cachedVolPpm = vol;
        cachedTimeMillis = nowMillis;
    }

    /** (reference / max(T, 1 day))^power, power short below the reference, long above. */
    static double volShockScale(OptionMarketParams p, long millisToExpiry) {
        double days = Math.max(millisToExpiry, BlackScholes.MILLIS_PER_DAY) / (double) BlackScholes.MILLIS_PER_DAY;
        double reference = p.volShockReferenceMillis() / (double) BlackScholes.MILLIS_PER_DAY;
        double power = (days < reference ? p.volShockShortPowerPpm() : p.volShockLongPowerPpm()) / 1e6;
        return StrictMath.pow(reference / days, power);
    }

    void invalidate() {
        cachedIndexUsd = -1;
    }

    // ------------------------------------------------------------------ settlement window

    /** Adds {@code indexUsd × millis} to the 128-bit time-weighted sum. */
    void accumulate(long indexUsd, long millis) {
        long high = Math.multiplyHigh(indexUsd, millis);
        long low = indexUsd * millis;
        long newLow = twapLow + low;
        long carry = Long.compareUnsigned(newLow, twapLow) < 0 ? 1 : 0;
        twapLow = newLow;
        twapHigh = Math.addExact(Math.addExact(twapHigh, high), carry);
        twapWeightMillis = Math.addExact(twapWeightMillis, millis);
    }

    /** floor(Σ index × ms / Σ ms); requires a positive weight. */
    long twapUsd() {
        java.math.BigInteger sum = java.math.BigInteger.valueOf(twapHigh).shiftLeft(64)
                .add(new java.math.BigInteger(Long.toUnsignedString(twapLow)));
        return sum.divide(java.math.BigInteger.valueOf(twapWeightMillis)).longValueExact();
    }

    // ------------------------------------------------------------------ encoding

    void encodeTo(CanonicalWriter out) {
        out.putInt(number).putString(spec.marketId()).putLong(spec.expiryMillis()).putLong(spec.strikeUsd())
                .putByte(spec.type().code()).putLong(spec.contractSizeE8()).putLong(longOpenInterestE8)
                .putLong(shortOpenInterestE8).putLong(sumBasisUsd).putLong(twapHigh).putLong(twapLow)
                .putLong(twapWeightMillis).putBoolean(delayed);
    }

    static SeriesState decode(CanonicalReader in, MarketState market) {
        int number = in.getInt();
        String marketId = in.getString(io.ballast.core.ledger.tx.TxBody.MAX_MARKET_ID_BYTES);
        if (!marketId.equals(market.params.id())) {
            throw new DecodingException("series " + number + " of " + marketId + " stored under " + market.params.id());
        }
        OptionSeriesSpec spec;
        try {
            spec = new OptionSeriesSpec(marketId, in.getLong(), in.getLong(), OptionType.ofCode(in.getByte()), in.getLong());
            spec.id();
        } catch (IllegalArgumentException invalid) {
            throw new DecodingException("series " + number + ": " + invalid.getMessage());
        }
        SeriesState series = new SeriesState(number, spec, market);
        series.longOpenInterestE8 = in.getLong();
        series.shortOpenInterestE8 = in.getLong();
        series.sumBasisUsd = in.getLong();
        series.twapHigh = in.getLong();
        series.twapLow = in.getLong();
        series.twapWeightMillis = in.getLong();
        series.delayed = in.getBoolean();
        if (series.longOpenInterestE8 < 0 || series.shortOpenInterestE8 < 0 || series.twapWeightMillis < 0) {
            throw new DecodingException("series " + series.id + ": negative open interest or window weight");
        }
        return series;
    }
}
