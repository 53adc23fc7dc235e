package io.ballast.core.ledger;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.List;

/**
 * Options on top of {@link LedgerFixtures}: BTC-PERP (index 10,000 USD, IM 10% / MM 5%, no perp
 * spread) with options whose parameters tests switch on as they need them. By default the option
 * spread, the vol shocks, the extreme moves, the short floor and the liquidation guard are all off,
 * so margins are plain spot scenarios of ±5% (scan steps 1: −5%, 0, +5%) that can be worked by hand.
 */
public final class OptionFixtures {
    public static final long DAY = 86_400_000L;
    /** The first whole minute after genesis time. */
    public static final long T0 = (LedgerFixtures.GENESIS_TIME_MILLIS / 60_000 + 1) * 60_000;
    public static final long VOL = 500_000;

    private OptionFixtures() {}

    /** Plain options: no spread, no vol shocks, no extremes, no floor, no guard; 60 s settlement window. */
    public static OptionMarketParams.Builder plainOptions() {
        return OptionMarketParams.builder(LedgerFixtures.BTC)
                .volOracle(new OracleRuleParams(1, 60_000, 3_000_000))
                .initialVolPpm(VOL)
                .spread(0, 0)
                .maxOpenInterestE8(LedgerFixtures.btc(1_000))
                .scanSteps(1)
                .volShocks(0, 0)
                .extremeMoves(1_000_000, 0)
                .initialMarginMultiplierPpm(2_000_000)
                .shortOptionFloorPpm(0)
                .liquidationFeePpmOfIndex(0)
                .liquidationGuard(0, 0)
                .settlement(60_000, 500_000);
    }

    public static OptionSeriesSpec series(long expiryMillis, long strikeUsd, OptionType type) {
        return new OptionSeriesSpec(LedgerFixtures.BTC, expiryMillis, strikeUsd, type, Units.SIZE_SCALE / 10);
    }

    public static Genesis genesis(OptionMarketParams options, OptionSeriesSpec... series) {
        return LedgerFixtures.genesis().withOptions(OptionsConfig.of(List.of(options), List.of(series)));
    }

    public static Genesis genesis(MarketParams market, OptionMarketParams options, OptionSeriesSpec... series) {
        return LedgerFixtures.genesis(market).withOptions(OptionsConfig.of(List.of(options), List.of(series)));
    }

    /** 30-day 10,000 call and put, and a 7-day 11,000 call. */
    public static final OptionSeriesSpec CALL_30D = series(T0 + 30 * DAY, LedgerFixtures.usd(10_000), OptionType.CALL);
    public static final OptionSeriesSpec PUT_30D = series(T0 + 30 * DAY, LedgerFixtures.usd(10_000), OptionType.PUT);
    public static final OptionSeriesSpec CALL_7D_OTM = series(T0 + 7 * DAY, LedgerFixtures.usd(11_000), OptionType.CALL);

    public static Genesis standard() {
        return genesis(plainOptions().build(), CALL_30D, PUT_30D, CALL_7D_OTM);
    }

    /** An option trade with a limit that never binds. */
    public static SignedTransaction trade(LedgerFixtures.Chain chain, KeyPair signer, OptionSeriesSpec series, long sizeE8) {
        return chain.trade(signer, series.id(), sizeE8, sizeE8 > 0 ? Units.MAX_PRICE_USD : 0);
    }

    public static SignedTransaction list(LedgerFixtures.Chain chain, OptionSeriesSpec spec) {
        return chain.authority(new TxBody.ListOption(spec.marketId(), spec.expiryMillis(), spec.strikeUsd(), spec.type(),
                spec.contractSizeE8()));
    }

    /** Every operator reports {@code volPpm} at the next block's time. */
    public static List<SignedTransaction> volReports(LedgerFixtures.Chain chain, long volPpm) {
        List<SignedTransaction> reports = new ArrayList<>();
        for (KeyPair oracle : LedgerFixtures.ORACLES) {
            reports.add(SignedTransaction.sign(chain.state.chainId(), oracle, 0,
                    new TxBody.VolReport(LedgerFixtures.BTC, volPpm, chain.state.timeMillis() + 1_000)));
        }
        return reports;
    }

    /** Price and vol reports in one block 1 s later: keeps both indices fresh. */
    public static BlockResult refresh(LedgerFixtures.Chain chain, long priceUsd, long volPpm) {
        List<SignedTransaction> txs = new ArrayList<>(chain.reports(LedgerFixtures.BTC, priceUsd));
        txs.addAll(volReports(chain, volPpm));
        return chain.block(txs.toArray(new SignedTransaction[0]));
    }

    public static Receipt.Accepted accepted(Receipt receipt) {
        if (receipt instanceof Receipt.Rejected r) {
            throw new AssertionError("rejected: " + r.code() + " " + r.reason());
        }
        return (Receipt.Accepted) receipt;
    }

    public static RejectCode rejected(Receipt receipt) {
        if (!(receipt instanceof Receipt.Rejected r)) {
            throw new AssertionError("accepted: " + ((Receipt.Accepted) receipt).effect());
        }
        return r.code();
    }
}
