package io.ballast.bench;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarginStatus;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The portfolio-margin check of one account holding 20 option positions (every series of
 * {@link OptionsBench}: long and short, calls and puts, ten strikes) and a BTC perp hedge, as the
 * block-end liquidation pass and every risk-increasing trade run it ({@code LedgerState.marginStatus}:
 * equity, initial and maintenance margin over the 23-scenario grid, the guard band, liquidatable).
 *
 * <p>{@code cold}: the pricing caches are dropped first, so the check prices all 20 series in all
 * scenarios (460 Black–Scholes values): the first check after the index, the vol index or the
 * block time moved. {@code warm}: the caches hold (every later check in the same block).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PortfolioMarginBenchmark {
    public static final int OPTION_POSITIONS = 20;

    private LedgerState state;
    private Bytes32 account;

    @Setup
    public void setUp() {
        KeyPair trader = Ed25519.keyPairFromLabel("bench/portfolio-trader");
        state = LedgerState.fromGenesis(OptionsBench.genesis());
        OptionsBench.apply(state, 1, OptionsBench.GENESIS_TIME_MILLIS + 1_000,
                List.of(OptionsBench.deposit(1, trader, 10_000_000 * Units.USD_SCALE)), "deposit");
        List<SignedTransaction> trades = new ArrayList<>();
        List<OptionSeriesSpec> series = OptionsBench.series();
        long nonce = 0;
        for (int i = 0; i < series.size(); i++) {
            long size = (i % 3 == 0 ? -1 : 1) * (1 + i % 4) * Units.SIZE_SCALE;
            trades.add(OptionsBench.trade(trader, ++nonce, series.get(i).id(), size));
        }
        trades.add(OptionsBench.trade(trader, ++nonce, "BTC-PERP", 2 * Units.SIZE_SCALE));
        OptionsBench.apply(state, 2, OptionsBench.GENESIS_TIME_MILLIS + 2_000, trades, "book");
        account = trader.publicKey();
        int positions = state.accountView(account).orElseThrow().optionPositions().size();
        if (positions != OPTION_POSITIONS) {
            throw new IllegalStateException("the benchmark account holds " + positions + " option positions");
        }
        MarginStatus status = state.marginStatus(account).orElseThrow();
        System.out.println("# portfolio: " + positions + " option positions + a perp; equity " + Units.formatUsd(status.equityUsd())
                + ", IM " + Units.formatUsd(status.initialMarginUsd()) + ", MM " + Units.formatUsd(status.maintenanceMarginUsd()));
    }

    @Benchmark
    public MarginStatus cold() {
        state.clearPricingCaches();
        return state.marginStatus(account).orElseThrow();
    }

    @Benchmark
    public MarginStatus warm() {
        return state.marginStatus(account).orElseThrow();
    }
}
