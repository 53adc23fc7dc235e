package io.ballast.sim;

import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The market side of the {@link Scenario.Stress} scenarios: extra traders and their orders, scripted price moves and
 * the oracle outage, all drawn from the seed when the workload starts (and nothing drawn for the other scenarios).
 */
final class StressPlan {
    static final int CONGESTION_TRADERS = 200;
    static final int CRASH_TRADERS = 24;
    private static final long TICK_MILLIS = 250;

    /** Keys of the extra traders, derived once per JVM (they are the same in every seed). */
    private static final class Keys {
        static final KeyPair[] FLOOD = new KeyPair[CONGESTION_TRADERS];

        static {
            for (int i = 0; i < FLOOD.length; i++) {
                FLOOD[i] = Ed25519.keyPairFromLabel("sim-flood-trader-" + i);
            }
        }
    }

    /** A price move spread evenly (geometrically) over the ticks of [start, start + duration). */
    private record Move(long startMillis, long durationMillis, double totalFactor) {
        double tickFactor(long nowMillis) {
            if (nowMillis < startMillis || nowMillis >= startMillis + durationMillis) {
                return 1.0;
            }
            return StrictMath.pow(totalFactor, (double) TICK_MILLIS / durationMillis);
        }
    }

    private final Scenario.Stress kind;
    private final List<Move> moves = new ArrayList<>();
    private final List<Long> activations = new ArrayList<>();
    private long silentFromMillis = Long.MAX_VALUE;
    private long silentUntilMillis = Long.MIN_VALUE;

    StressPlan(Scenario.Stress kind) {
        this.kind = kind;
    }

    Scenario.Stress kind() {
        return kind;
    }

    static KeyPair floodKey(int i) {
        return Keys.FLOOD[i];
    }

    /** Plans the stress over the fault phase [{@code startMillis}, {@code startMillis + faultMillis}). */
    void draw(Random random, long startMillis, long faultMillis) {
        switch (kind) {
            case CONGESTION -> {
                // the traders join one by one over 80 % of the fault phase: the fill rises from empty to full blocks
                for (int i = 0; i < CONGESTION_TRADERS; i++) {
                    activations.add(startMillis + 200 + i * (faultMillis * 8 / 10) / CONGESTION_TRADERS);
                }
                for (int j = 0; j < 3; j++) {
                    long at = startMillis + (long) ((j + 0.3 + random.nextDouble() * 0.5) * faultMillis / 3);
                    double size = 0.06 + random.nextDouble() * 0.09;
                    moves.add(new Move(at, 500 + random.nextInt(500), random.nextBoolean() ? 1 + size : 1 - size));
                }
            }
            case MARKET_CRASH -> {
                for (int i = 0; i < CRASH_TRADERS; i++) {
                    activations.add(startMillis + 100 + random.nextInt(1_400));
                }
                long crashAt = startMillis + (long) (faultMillis * (0.2 + 0.2 * random.nextDouble()));
                moves.add(new Move(crashAt, 1_000 + random.nextInt(2_000), 1 - (0.25 + 0.20 * random.nextDouble())));
                silentFromMillis = crashAt + random.nextInt(1_000);
                silentUntilMillis = silentFromMillis + 2_600 + random.nextInt(2_400);
            }
            case LATENCY, STAKE_THRESHOLD, NONE -> { }
        }
    }

    int floodTraders() {
        return activations.size();
    }

    long activationMillis(int trader) {
        return activations.get(trader);
    }

    /** The pause between two looks of an extra trader at its account. */
    long thinkMillis(Random random) {
        return kind == Scenario.Stress.CONGESTION ? 20 + random.nextInt(100) : 150 + random.nextInt(450);
    }

    /** The factor the scripted moves apply to the price at this tick (exactly 1.0 outside them). */
    double priceFactor(long nowMillis) {
        double factor = 1.0;
        for (Move move : moves) {
            factor *= move.tickFactor(nowMillis);
        }
        return factor;
    }

    /** Every oracle operator is silent (the outage of the market crash; like every fault it ends at the heal). */
    boolean oraclesSilent(long nowMillis) {
        return nowMillis >= silentFromMillis && nowMillis < silentUntilMillis;
    }

    /**
     * An extra trader's next order: without a position, a 5–9.5× leveraged one on a random side; with one, a small
     * trade of 1–5 % of it either way (often refused for margin near the edge — it still fills the block), or now and
     * then a close. Null when its equity cannot carry a position (the caller asks for a top-up).
     */
    TxBody floodOrder(Random random, AccountView account, LedgerState state) {
        PositionView position = null;
        for (PositionView p : account.positions()) {
            if (p.marketId().equals(Simulation.MARKET)) {
                position = p;
            }
        }
        MarketView market = state.marketView(Simulation.MARKET).orElseThrow();
        long index = Math.max(1, market.indexPriceUsd());
        if (position == null) {
            double leverage = 5 + random.nextDouble() * 4.5;
            long sizeE8 = (long) (Math.max(0, account.equityUsd()) * leverage / index * Units.SIZE_SCALE);
            if (sizeE8 <= 0) {
                return null;
            }
            boolean buy = random.nextBoolean();
            return new TxBody.Trade(Simulation.MARKET, buy ? sizeE8 : -sizeE8, buy ? Units.MAX_PRICE_USD : 1);
        }
        if (random.nextInt(10) == 0) {
            return new TxBody.ClosePosition(Simulation.MARKET, position.sizeE8() > 0 ? 1 : Units.MAX_PRICE_USD);
        }
        long sizeE8 = Math.max(1, Math.abs(position.sizeE8()) * (1 + random.nextInt(5)) / 100);
        boolean buy = random.nextBoolean();
        return new TxBody.Trade(Simulation.MARKET, buy ? sizeE8 : -sizeE8, buy ? Units.MAX_PRICE_USD : 1);
    }
}
