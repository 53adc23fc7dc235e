package io.ballast.cluster.devnet;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The devnet's stand-in for oracle operators: a seeded random walk per market, reported by every
 * operator key (with a little independent noise) through a {@link TransactionSink} at a fixed
 * interval. The {@code oracle} module's OracleOperator actors replace it: they sign the same
 * {@link TxBody.OracleReport} and submit through the same sink.
 */
public final class PriceFeeder {
    private enum Tick { INSTANCE }

    private PriceFeeder() {}

    public static Behavior<Object> create(Genesis genesis, List<KeyPair> operators, TransactionSink sink,
                                          LongSupplier clockMillis, Duration interval, long seed) {
        return Behaviors.<Object>setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ZERO, interval);
            Random random = new Random(seed);
            List<MarketParams> markets = genesis.markets();
            double[] pricesUsd = new double[markets.size()];
            for (int m = 0; m < markets.size(); m++) {
                pricesUsd[m] = (double) markets.get(m).initialIndexPriceUsd() / Units.USD_SCALE;
            }
            long[] lastReportMillis = new long[operators.size()];
            return Behaviors.receive(Object.class)
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        for (int m = 0; m < markets.size(); m++) {
                            pricesUsd[m] *= Math.exp(random.nextGaussian() * 0.0008);
                        }
                        List<byte[]> reports = new ArrayList<>();
                        for (int i = 0; i < operators.size(); i++) {
                            long reportMillis = Math.max(lastReportMillis[i] + 1, clockMillis.getAsLong());
                            lastReportMillis[i] = reportMillis;
                            for (int m = 0; m < markets.size(); m++) {
                                double noisy = pricesUsd[m] * (1 + random.nextGaussian() * 0.0002);
                                long priceUsd = Math.max(1, Math.round(noisy * Units.USD_SCALE));
                                reports.add(SignedTransaction.sign(genesis.chainId(), operators.get(i), 0,
                                        new TxBody.OracleReport(markets.get(m).id(), priceUsd, reportMillis)).encode());
                            }
                        }
                        for (byte[] report : reports) {
                            sink.submit(report);
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
