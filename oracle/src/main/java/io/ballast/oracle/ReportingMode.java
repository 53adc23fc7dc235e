package io.ballast.oracle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.ballast.core.ledger.Units;

/**
 * How an {@link OracleOperator} reports. Everything except {@link Honest} is a deliberate fault
 * for chaos tests and demos, accepted by {@link OracleOperator.SetMode} only where
 * {@link OperatorSettings#faultModesAllowed()}. Persisted in the operator's events and state (CBOR, by
 * the type name below: never rename one).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReportingMode.Honest.class, name = "honest"),
        @JsonSubTypes.Type(value = ReportingMode.WildPrice.class, name = "wild-price"),
        @JsonSubTypes.Type(value = ReportingMode.StaleReplay.class, name = "stale-replay"),
        @JsonSubTypes.Type(value = ReportingMode.Silent.class, name = "silent")})
public sealed interface ReportingMode {
    /** Signs the source's price with the current time. */
    record Honest() implements ReportingMode {}

    /**
     * Signs {@code priceFactor} × the source's price (rounded, kept within 1..{@link Units#MAX_PRICE_USD}),
     * with an honest, fresh timestamp: the outlier a Byzantine operator would send.
     */
    record WildPrice(double priceFactor) implements ReportingMode {
        public WildPrice {
            if (!Double.isFinite(priceFactor) || priceFactor <= 0) {
                throw new IllegalArgumentException("price factor must be finite and positive: " + priceFactor);
            }
        }

        long distort(long priceUsd) {
            double wild = Math.rint(priceUsd * priceFactor);
            return (long) Math.min((double) Units.MAX_PRICE_USD, Math.max(1.0, wild));
        }
    }

    /**
     * Signs nothing new: every round re-submits the exact bytes of the last report sent for each
     * market (a replay the ledger must reject as a duplicate, then as stale).
     */
    record StaleReplay() implements ReportingMode {}

    /** Submits nothing (a crashed or partitioned operator that still runs). */
    record Silent() implements ReportingMode {}

    static ReportingMode honest() {
        return new Honest();
    }

    /** True for every mode but {@link Honest}: the deliberate faults. */
    @JsonIgnore
    default boolean isFault() {
        return !(this instanceof Honest);
    }
}
