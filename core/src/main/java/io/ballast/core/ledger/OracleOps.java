package io.ballast.core.ledger;

import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.List;

/** Oracle reports and index re-evaluation (block start and after each report). */
final class OracleOps {
    private OracleOps() {}

    /** Re-aggregates, records safe-mode transitions and refreshes the spread if the index moved. */
    static void reevaluate(LedgerState state, MarketState market, List<LedgerEvent> events) {
        boolean wasFresh = market.fresh;
        market.evaluateIndex(state.timeMillis);
        market.updateVolatilitySpread(state.timeMillis, state.blockFinalityMillis);
        market.updateGuardBand(state.timeMillis, state.blockFinalityMillis);
        if (wasFresh && !market.fresh) {
            events.add(new LedgerEvent.SafeModeEntered(market.params.id(), market.staleReason, market.indexPriceUsd));
        } else if (!wasFresh && market.fresh) {
            events.add(new LedgerEvent.SafeModeExited(market.params.id(), market.indexPriceUsd));
        }
    }

    static TxEffect report(LedgerState state, SignedTransaction tx, TxBody.OracleReport report, List<LedgerEvent> events) {
        int operator = state.operatorOrdinal(tx.signer());
        if (operator < 0) {
            throw new Rejection(RejectCode.NOT_AUTHORIZED, "signer is not a registered oracle operator");
        }
        if (tx.nonce() != 0 || tx.priorityFeeUsd() != 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "oracle reports carry nonce 0 and no priority fee");
        }
        int m = state.marketOrdinal(report.marketId());
        if (m < 0) {
            throw new Rejection(RejectCode.UNKNOWN_MARKET, "no market " + report.marketId());
        }
        MarketState market = state.markets[m];
        if (report.priceUsd() <= 0 || report.priceUsd() > Units.MAX_PRICE_USD) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "price must be within 0.000001.." + Units.formatUsd(Units.MAX_PRICE_USD));
        }
        long ts = report.timestampMillis();
        long futureLimit = Math.addExact(state.timeMillis, state.genesis.limits().maxReportFutureMillis());
        if (ts > futureLimit) {
            throw new Rejection(RejectCode.FUTURE_REPORT, "timestamp " + ts + " is after block time + "
                    + state.genesis.limits().maxReportFutureMillis() + " ms");
        }
        long last = market.reportTimeMillis[operator];
        if (ts == last) {
            throw new Rejection(RejectCode.DUPLICATE_REPORT, "operator already reported at " + ts);
        }
        if (ts < last) {
            throw new Rejection(RejectCode.STALE_REPORT, "operator's latest report is at " + last + ", this one " + ts);
        }
        if (ts < state.timeMillis - market.params.oracle().maxAgeMillis()) {
            throw new Rejection(RejectCode.STALE_REPORT, "timestamp " + ts + " is older than the freshness window");
        }
        market.reportPriceUsd[operator] = report.priceUsd();
        market.reportTimeMillis[operator] = ts;
        reevaluate(state, market, events);
        return new TxEffect.Reported(market.params.id(), market.indexPriceUsd, !market.fresh);
    }
}
