package io.ballast.core.ledger;

/**
 * The scenarios of one market's margin grid (see {@link OptionMarketParams}), fixed by genesis:
 * for each scenario a spot move (ppm of the index), a vol shock (0 none, +1 up, −1 down) and the
 * share of its loss that counts. Scenario 0 is no move at all. The stress scenarios value a book
 * whose index or vol is stale for withdrawals and risk-increasing trades: spot ± the market's
 * stress buffer, each with vol unchanged, up and down.
 */
final class ScenarioGrid {
    static final int VOL_NONE = 0;
    static final int VOL_UP = 1;
    static final int VOL_DOWN = -1;

    final long[] spotMovePpm;
    final int[] volShock;
    final long[] weightPpm;
    final long[] stressMovePpm;
    final int[] stressVolShock;

    private ScenarioGrid(long[] spotMovePpm, int[] volShock, long[] weightPpm, long[] stressMovePpm, int[] stressVolShock) {
        this.spotMovePpm = spotMovePpm;
        this.volShock = volShock;
        this.weightPpm = weightPpm;
        this.stressMovePpm = stressMovePpm;
        this.stressVolShock = stressVolShock;
    }

    static ScenarioGrid of(MarketParams market, OptionMarketParams options) {
        long range = market.maintenanceMarginPpm();
        int steps = options.scanSteps();
        int count = 3 * (2 * steps + 1) + 2;
        long[] moves = new long[count];
        int[] shocks = new int[count];
        long[] weights = new long[count];
        int i = 0;
        moves[i] = 0; // scenario 0: no move; then its vol shocks, then every other move with its three
        shocks[i] = VOL_NONE;
        weights[i++] = Units.PPM;
        for (int shock : new int[] {VOL_UP, VOL_DOWN}) {
            moves[i] = 0;
            shocks[i] = shock;
            weights[i++] = Units.PPM;
        }
        for (int k = -steps; k <= steps; k++) {
            if (k == 0) {
                continue;
            }
            for (int shock : new int[] {VOL_NONE, VOL_UP, VOL_DOWN}) {
                moves[i] = range * k / steps;
                shocks[i] = shock;
                weights[i++] = Units.PPM;
            }
        }
        long extreme = io.ballast.core.math.Fixed.mulDiv(range, options.extremeMoveMultiplePpm(), Units.PPM);
        for (long move : new long[] {-extreme, extreme}) {
            moves[i] = Math.max(-Units.PPM + 1, move);
            shocks[i] = VOL_NONE;
            weights[i++] = options.extremeWeightPpm();
        }
        long stress = market.stressBufferPpm();
        long[] stressMoves = {-stress, -stress, -stress, stress, stress, stress, 0, 0};
        int[] stressShocks = {VOL_NONE, VOL_UP, VOL_DOWN, VOL_NONE, VOL_UP, VOL_DOWN, VOL_UP, VOL_DOWN};
        return new ScenarioGrid(moves, shocks, weights, stressMoves, stressShocks);
    }

    int size() {
        return spotMovePpm.length;
    }

    /** The spot after a move, at least 1 micro-USD. */
    static long movedSpot(long indexUsd, long movePpm) {
        return Math.max(1, io.ballast.core.math.Fixed.mulDiv(indexUsd, Units.PPM + movePpm, Units.PPM));
    }
}
