package io.ballast.sim;

import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.Totals;
import io.ballast.core.ledger.Units;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects a seed's {@link SeedMetrics} from the simulation's hooks. It only reads what the simulation shows it
 * (never the seed's random stream) and arms one invariant of its own, {@link Invariant#HALT}: once the stake online
 * is 2/3 or less, no height may be committed for the first time more than {@link #HALT_GRACE_MILLIS} later (votes
 * signed before the crashes may still be in flight until then).
 */
final class Recorder {
    static final long HALT_GRACE_MILLIS = 1_000;
    /** A liquidation's mark may differ this much from the true price range and still count as proper. */
    static final long PROPER_TOLERANCE_PPM = 10_000;

    private final Simulation sim;
    private final ValidatorSet genesisSet;
    private final List<SeedMetrics.TxSample> transactions = new ArrayList<>();
    private final List<SeedMetrics.CommitPoint> commits = new ArrayList<>();
    private final List<SeedMetrics.StakePoint> stakeOnline = new ArrayList<>();
    private final List<SeedMetrics.LiquidationSample> liquidations = new ArrayList<>();
    private final List<SeedMetrics.PoolPoint> pool = new ArrayList<>();
    private final Set<Long> safeModeSeen = new HashSet<>();
    private final Set<Long> poolSeen = new HashSet<>();
    private long safeModeBlocks;
    private long insuranceDraws;
    private long insuranceDrawnUsd;
    private long adlEvents;
    private long adlHaircutUsd;
    private long poolAbsorbedUsd;
    private long collateralAtRiskUsdMax;
    private long commitChecks;
    private long executionChecks;
    private long receiptChecks;
    private boolean livenessChecked;
    private boolean haltArmed;
    /** Since when the stake online has been 2/3 or less; -1 while it is a quorum. */
    private long belowQuorumSinceMillis = -1;

    Recorder(Simulation sim) {
        this.sim = sim;
        this.genesisSet = sim.consensusGenesis.validators();
    }

    private long elapsed() {
        return sim.now - Simulation.GENESIS_MILLIS;
    }

    void start() {
        stakeOnline.add(new SeedMetrics.StakePoint(elapsed(), onlineStake()));
    }

    /** Stake of the validators with at least one running instance (a twin counts once). */
    private long onlineStake() {
        Set<Integer> running = new HashSet<>();
        for (Endpoint e : sim.endpoints) {
            if (e.up && e.validatorIndex < genesisSet.size()) { // joiners hold no genesis stake
                running.add(e.validatorIndex);
            }
        }
        long stake = 0;
        for (int index : running) {
            stake += genesisSet.stake(index);
        }
        return stake;
    }

    void onStakeChange() {
        long online = onlineStake();
        SeedMetrics.StakePoint last = stakeOnline.get(stakeOnline.size() - 1);
        if (last.onlineStake() == online) {
            return;
        }
        stakeOnline.add(new SeedMetrics.StakePoint(elapsed(), online));
        if (genesisSet.isQuorum(online)) {
            belowQuorumSinceMillis = -1;
        } else if (belowQuorumSinceMillis < 0) {
            belowQuorumSinceMillis = sim.now;
            haltArmed = true;
        }
    }

    void onTransaction(long submittedAtMillis, long finalityMillis, boolean censored) {
        transactions.add(new SeedMetrics.TxSample(submittedAtMillis - Simulation.GENESIS_MILLIS, finalityMillis, censored));
    }

    void onCommitChecked() {
        commitChecks++;
    }

    /** The first commit of {@code block} by any honest validator. */
    void onFirstCommit(CommittedBlock block) {
        if (belowQuorumSinceMillis >= 0 && sim.now - belowQuorumSinceMillis > HALT_GRACE_MILLIS) {
            throw new SimViolation(Invariant.HALT, "height " + block.height() + " committed "
                    + (sim.now - belowQuorumSinceMillis) + " ms after the stake online fell to " + onlineStake()
                    + " of " + genesisSet.totalStake());
        }
        commits.add(new SeedMetrics.CommitPoint(block.height(), elapsed(), block.certificate().round(),
                fillPpm(block)));
    }

    private long fillPpm(CommittedBlock block) {
        return Math.min(Units.PPM, block.block().transactions().size() * Units.PPM / sim.config.maxBlockTxs());
    }

    /** Every execution on an honest validator is checked; {@code acceptedReceipts} of them for validity. */
    void onExecutionChecked(long acceptedReceipts) {
        executionChecks++;
        receiptChecks += acceptedReceipts;
    }

    /** The first execution of a height on an honest validator: its liquidations and loss waterfall. */
    void onFirstExecution(CommittedBlock block, BlockResult result) {
        List<LedgerEvent> ordered = new ArrayList<>(result.startEvents());
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted accepted) {
                ordered.addAll(accepted.events());
            }
        }
        ordered.addAll(result.endEvents());
        for (LedgerEvent event : ordered) {
            if (event instanceof LedgerEvent.PositionLiquidated liquidated && isPerpetual(liquidated.marketId())) {
                liquidations.add(new SeedMetrics.LiquidationSample(elapsed(), block.height(), liquidated.slippagePpm(),
                        fillPpm(block), mempoolDepth(), liquidated.partial(), liquidated.markPriceUsd(),
                        proper(liquidated.markPriceUsd(), block.block().header().timestampMillis())));
            } else if (event instanceof LedgerEvent.InsuranceDraw draw) {
                insuranceDraws++;
                insuranceDrawnUsd = Math.addExact(insuranceDrawnUsd, draw.amountUsd());
            } else if (event instanceof LedgerEvent.AutoDeleveraged adl) {
                adlEvents++;
                adlHaircutUsd = Math.addExact(adlHaircutUsd, adl.haircutUsd());
            } else if (event instanceof LedgerEvent.PoolAbsorbedDeficit absorbed) {
                poolAbsorbedUsd = Math.addExact(poolAbsorbedUsd, absorbed.amountUsd());
            }
        }
    }

    /**
     * Option positions closed by a liquidation carry the option's mark, not the index: the true-price rule of
     * {@link #proper} does not apply to them (the options feedback loop audits those accounts at the true price and
     * volatility instead).
     */
    private boolean isPerpetual(String marketId) {
        for (MarketParams market : sim.ledgerGenesis.markets()) {
            if (market.id().equals(marketId)) {
                return true;
            }
        }
        return false;
    }

    private int mempoolDepth() {
        int depth = 0;
        for (Endpoint e : sim.endpoints) {
            if (e.honest() && e.up) {
                depth = Math.max(depth, e.validator.mempool().size());
            }
        }
        return depth;
    }

    /**
     * Honest reports carry the true price (±0.05 %) at their time; a fresh index is a median of reports at most the
     * staleness bound older than the block time, or stamped up to now. So a proper mark lies within the true range
     * over that window, widened by {@link #PROPER_TOLERANCE_PPM}.
     */
    private boolean proper(long markPriceUsd, long blockTimeMillis) {
        long maxAge = sim.ledgerGenesis.markets().get(0).oracle().maxAgeMillis();
        long[] range = sim.workload.truePriceRange(blockTimeMillis - maxAge, sim.now);
        long low = range[0] - range[0] / Units.PPM * PROPER_TOLERANCE_PPM;
        long high = range[1] + range[1] / Units.PPM * PROPER_TOLERANCE_PPM;
        return markPriceUsd >= low && markPriceUsd <= high;
    }

    /** Whether some market was in safe mode after {@code height} (recorded once per height). */
    void onSafeModeAfter(long height, boolean safeMode) {
        if (safeModeSeen.add(height) && safeMode) {
            safeModeBlocks++;
        }
    }

    /** An honest validator's ledger right after a step that executed blocks. */
    void onState(LedgerState state, Totals totals) {
        if (!poolSeen.add(state.height())) {
            return;
        }
        MarketView market = state.marketView(Simulation.MARKET).orElseThrow();
        long openInterestUsd = Math.addExact(Units.notionalUsd(market.longOpenInterestE8(), market.indexPriceUsd()),
                Units.notionalUsd(market.shortOpenInterestE8(), market.indexPriceUsd()));
        long atRisk = Math.addExact(Math.addExact(totals.collateralUsd(), Math.max(0, totals.poolCashUsd())),
                openInterestUsd);
        collateralAtRiskUsdMax = Math.max(collateralAtRiskUsdMax, atRisk);
        pool.add(new SeedMetrics.PoolPoint(state.height(), elapsed(), totals.poolNavUsd(), totals.poolCashUsd(),
                totals.insuranceFundUsd(), market.indexPriceUsd()));
    }

    void onLivenessChecked() {
        livenessChecked = true;
    }

    SeedMetrics build(long healMillis) {
        long badDebt = Math.addExact(Math.addExact(insuranceDrawnUsd, adlHaircutUsd), poolAbsorbedUsd);
        SeedMetrics.Solvency solvency = new SeedMetrics.Solvency(insuranceDraws, insuranceDrawnUsd, adlEvents,
                adlHaircutUsd, poolAbsorbedUsd, badDebt, collateralAtRiskUsdMax);
        SeedMetrics.Checks checks = new SeedMetrics.Checks(commitChecks, executionChecks, receiptChecks, sim.events,
                livenessChecked, haltArmed);
        List<SeedMetrics.PoolPoint> byHeight = new ArrayList<>(pool);
        byHeight.sort(java.util.Comparator.comparingLong(SeedMetrics.PoolPoint::height));
        return new SeedMetrics(healMillis < 0 ? -1 : healMillis - Simulation.GENESIS_MILLIS, elapsed(),
                genesisSet.totalStake(), transactions, commits, stakeOnline, liquidations, safeModeBlocks, solvency,
                byHeight, checks);
    }
}
