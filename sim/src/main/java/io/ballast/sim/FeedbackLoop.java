package io.ballast.sim;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.GreeksView;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.LiquidationObserver;
import io.ballast.core.ledger.MarginStatus;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.OptionMarketParams;
import io.ballast.core.ledger.OptionMarketView;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.OptionsConfig;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The delta/gamma feedback loop (scenario {@code options-feedback}): options on the index, a
 * volatility jump during the fault phase, option writers (short gamma, at the edge of their initial
 * margin) and buyers who delta-hedge with the perp at every tick, so that larger moves mean more
 * hedges into small blocks (congestion) while the network faults slow consensus and oracle reports
 * age. The true price (the {@link Workload}'s, a diffusion whose volatility this class sets) and the
 * true volatility are what the simulator knows; the operators report them with noise.
 *
 * <p>Time is compressed, as in the whole simulator: a run lasts seconds, so volatility is quoted
 * per (simulated) year at levels that move the price ~0.1% per 250 ms tick before the jump and
 * ~0.5–0.9% after it, and the options expire 100 and 160 s after genesis (σ√T of a few percent, like
 * month-long options on a real market).
 *
 * <p>The jump is 6–10×. The margin grid's vol shock, scaled up for expiries this short (power 0.3
 * below the 1-day reference), already covers a jump of about 4×: with 3–6× no seed of 1–8
 * liquidated anyone, so the audit had nothing to check. Above 10× the true vol passes the ledger's
 * largest (10,000% a year), the operators' reports are refused and options stay in safe mode.
 *
 * <p>The audit: a replica ledger fed with every committed block (its root must equal the
 * validators') shows this class each account right before it is liquidated; valued at the true
 * price and true volatility, an account at or above maintenance margin is an <b>improper
 * liquidation</b>, which is an invariant violation. Also counted: liquidations, safe-mode blocks,
 * congestion, and each liquidation fill's slippage against its block's congestion.
 */
final class FeedbackLoop {
    static final int WRITERS = 12;
    static final int BUYERS = 12;
    /** Small blocks, so that the hedging flow congests them. */
    static final int MAX_BLOCK_TXS = 24;
    static final double CALM_VOL_PER_YEAR = 10.0;
    static final long TICK_MILLIS = 250;
    static final long DEPOSIT_USD = 200_000 * Units.USD_SCALE;
    private static final double TICK_YEARS = TICK_MILLIS / (365.0 * 86_400_000);
    private static final KeyPair[] HEDGER_KEYS = new KeyPair[WRITERS + BUYERS];

    static {
        for (int i = 0; i < HEDGER_KEYS.length; i++) {
            HEDGER_KEYS[i] = Ed25519.keyPairFromLabel("sim-hedger-" + i);
        }
    }

    private static final class Hedger {
        final int index;
        final KeyPair key;
        final boolean writer;
        long nonce;
        byte[] inFlight;
        Bytes32 inFlightHash;
        long inFlightNonce;
        long sentMillis;
        boolean bookComplete;
        boolean lastWasHedge;

        Hedger(int index, boolean writer) {
            this.index = index;
            this.key = HEDGER_KEYS[index];
            this.writer = writer;
        }
    }

    private final Simulation sim;
    private final Random random;
    private final List<Hedger> hedgers = new ArrayList<>();
    private final Map<Bytes32, Boolean> receipts = new HashMap<>();
    private final long[] lastVolReportMillis = new long[Simulation.ORACLES.size()];
    private final double volJumpFactor;
    private long volJumpAtMillis;
    private long jumpLatestMillis;
    private double trueVolPerYear = CALM_VOL_PER_YEAR;

    // the audit
    private final LedgerApplication replica;
    private long blocks;
    private long safeModeBlocks;
    private long liquidations;
    private long improper;
    private final List<String> improperDetails = new ArrayList<>();
    private long perpFills;
    private long optionFills;
    private long seriesSettled;
    private long settlementsDelayed;
    private long optionTrades;
    private long hedgeTrades;
    private long congestedBlocks;
    private long maxCongestionPpm;
    private final List<long[]> slippageByCongestion = new ArrayList<>();

    FeedbackLoop(Simulation sim) {
        this.sim = sim;
        this.random = sim.random;
        this.volJumpFactor = 6.0 + random.nextDouble() * 4.0; // see the class comment
        for (int i = 0; i < WRITERS + BUYERS; i++) {
            hedgers.add(new Hedger(i, i < WRITERS));
        }
        LiquidationObserver audit = this::audit;
        this.replica = new LedgerApplication(sim.ledgerGenesis, 50_000, audit);
    }

    // ------------------------------------------------------------------ configuration

    /** The simulator's consensus configuration with {@link #MAX_BLOCK_TXS} transactions per block. */
    static ConsensusConfig config(ConsensusConfig c) {
        return new ConsensusConfig(c.roundTimeoutBaseMillis(), c.roundTimeoutMaxMillis(), c.backoffPercent(),
                c.emptyBlockDelayMillis(), MAX_BLOCK_TXS, c.maxBlockBytes(), c.maxTxBytes(), c.maxBlockEvidence(),
                c.laneCapacities(), c.epochLengthBlocks(), c.reputationWindowBlocks(), c.syncWindowBlocks(),
                c.snapshotIntervalBlocks(), c.syncRetryMillis(), c.syncBatchBlocks(), c.futureRoundWindow(),
                c.maxFutureHeightMessages(), c.maxMessageBytes(), c.maxSnapshotBytes(), c.maxPendingEvidence(),
                c.retryAfterMillis(), c.minBlockIntervalMillis());
    }

    /**
     * Options on the simulator's market: the vol index under the price rule (2 fresh reports within
     * 2.5 s, 3·MAD), the option defaults (Derive's vol shocks, unscaled at these expiries; CME's
     * extremes; IM = 2 × MM; a 4σ guard band), a 10 s settlement window; calls and puts at 9,500,
     * 10,000 and 10,500 expiring 100 and 160 s after genesis. The market's liquidation fills slip with
     * their size (0.1 × notional / pool cash) and the block's congestion (up to 1%), as the devnet's.
     */
    static Genesis genesis(Genesis base) {
        OptionMarketParams options = OptionMarketParams.builder(Simulation.MARKET)
                .volOracle(new OracleRuleParams(2, 2_500, 3_000_000))
                .initialVolPpm(Math.round(CALM_VOL_PER_YEAR * 1_000_000))
                .volShockScaling(BlackScholes.MILLIS_PER_DAY, 300_000, 130_000)
                .maxOpenInterestE8(100_000 * Units.SIZE_SCALE)
                .settlement(10_000, 500_000)
                .build();
        long firstMinute = (Simulation.GENESIS_MILLIS / 60_000 + 1) * 60_000;
        List<OptionSeriesSpec> series = new ArrayList<>();
        for (long expiry : new long[] {firstMinute + 60_000, firstMinute + 120_000}) {
            for (long strike : new long[] {9_500, 10_000, 10_500}) {
                for (OptionType type : OptionType.values()) {
                    series.add(new OptionSeriesSpec(Simulation.MARKET, expiry, strike * Units.USD_SCALE, type,
                            Units.SIZE_SCALE / 100));
                }
            }
        }
        // liquidation fills slip with their size and the block's congestion here (the devnet's slippage)
        List<MarketParams> markets = base.markets().stream()
                .map(m -> m.toBuilder().liquidationSlippage(1_000, 100_000, 10_000, 50_000).build()).toList();
        return new Genesis(base.chainId(), base.genesisTimeMillis(), base.validators(), base.oracleOperators(),
                base.collateralAuthority(), base.insuranceFundUsd(), base.poolLiquidityUsd(), base.limits(), markets,
                new OptionsConfig(List.of(options), series, 64, 16, 0));
    }

    // ------------------------------------------------------------------ the true process

    /** The true price's log-move over one tick: a diffusion at the true volatility (no price jumps). */
    double priceMove(Random r) {
        return r.nextGaussian() * trueVolPerYear * Math.sqrt(TICK_YEARS);
    }

    long trueVolPpm() {
        return Math.round(trueVolPerYear * 1_000_000);
    }

    /** The loop plays on for this long after the heal (the other scenarios end at the first commit after it). */
    static final long AFTER_HEAL_MILLIS = 15_000;
    /** The fault phase is this much longer than other scenarios' (books are built under faults, then the jump). */
    static final long EXTRA_FAULT_MILLIS = 10_000;

    private void debugBooks() {
        LedgerState state = sim.referenceState();
        if (state != null) {
            StringBuilder text = new StringBuilder("t=" + (sim.now - Simulation.GENESIS_MILLIS) + " vol=" + trueVolPerYear + " idxvol="
                    + state.optionMarketViews().get(0).volIndexPpm() + " price=" + sim.workload.truePriceUsd() / 1_000_000);
            for (Hedger h : hedgers.subList(0, 4)) {
                state.accountView(h.key.publicKey()).ifPresent(v -> text.append(String.format(" | w%d eq=%d im=%d mm=%d opt=%d",
                        h.index, v.equityUsd() / 1_000_000, v.initialMarginUsd() / 1_000_000, v.maintenanceMarginUsd() / 1_000_000,
                        v.optionPositions().size())));
            }
            System.err.println(text);
        }
        sim.schedule(sim.now + 1_000, this::debugBooks);
    }

    void start(long faultMillis) {
        if (Boolean.getBoolean("sim.debug.options")) {
            sim.schedule(sim.now + 1_000, this::debugBooks);
        }
        for (Hedger hedger : hedgers) {
            sim.workload.requestDeposit(hedger.key.publicKey(), DEPOSIT_USD);
        }
        jumpLatestMillis = sim.now + faultMillis - 3_000;
        for (int i = 0; i < Simulation.ORACLES.size(); i++) {
            int operator = i;
            sim.schedule(sim.now + random.nextInt(400), () -> volTick(operator));
        }
        for (Hedger hedger : hedgers) {
            sim.schedule(sim.now + 500 + random.nextInt(500), () -> hedgerTick(hedger));
        }
    }

    /**
     * The volatility jumps once three quarters of the writers have built their books (then the
     * jump is a shock to positions sized for the calm), or 3 s before the faults heal at the latest.
     */
    private void maybeJump() {
        if (volJumpAtMillis > 0) {
            return;
        }
        long complete = hedgers.stream().filter(h -> h.writer && h.bookComplete).count();
        if (complete * 4 >= WRITERS * 3L || sim.now >= jumpLatestMillis) {
            volJumpAtMillis = sim.now;
            trueVolPerYear = CALM_VOL_PER_YEAR * volJumpFactor;
        }
    }

    private void volTick(int operator) {
        long now = sim.now;
        sim.schedule(now + 300 + random.nextInt(500), () -> volTick(operator));
        long timestamp = Math.max(now, lastVolReportMillis[operator] + 1);
        lastVolReportMillis[operator] = timestamp;
        long vol = Math.max(1, Math.round(trueVolPpm() * (1 + random.nextGaussian() * 0.01)));
        byte[] report = SignedTransaction.sign(Simulation.CHAIN, Simulation.ORACLES.get(operator), 0,
                new TxBody.VolReport(Simulation.MARKET, vol, timestamp)).encode();
        submit(report);
    }

    // ------------------------------------------------------------------ hedgers

    private void hedgerTick(Hedger hedger) {
        long now = sim.now;
        maybeJump();
        boolean jumped = volJumpAtMillis > 0;
        sim.schedule(now + (jumped ? 60 + random.nextInt(120) : 150 + random.nextInt(250)), () -> hedgerTick(hedger));
        if (hedger.inFlight != null) {
            Boolean accepted = receipts.get(hedger.inFlightHash);
            if (accepted == null) {
                if (now - hedger.sentMillis >= Workload.RESUBMIT_AFTER_MILLIS) {
                    hedger.sentMillis = now;
                    submit(hedger.inFlight);
                }
                return;
            }
            if (accepted) {
                hedger.nonce = hedger.inFlightNonce;
            }
            hedger.inFlight = null;
        }
        LedgerState state = sim.referenceState();
        if (state == null) {
            return;
        }
        AccountView account = state.accountView(hedger.key.publicKey()).orElse(null);
        if (account == null) {
            return;
        }
        hedger.nonce = Math.max(hedger.nonce, account.nonce());
        TxBody body = hedger.bookComplete ? hedge(account, state) : openBook(hedger, account, state);
        if (body == null) {
            return;
        }
        hedger.lastWasHedge = body instanceof TxBody.Trade t && t.marketId().equals(Simulation.MARKET);
        SignedTransaction tx = SignedTransaction.sign(Simulation.CHAIN, hedger.key, hedger.nonce + 1, body);
        hedger.inFlight = tx.encode();
        hedger.inFlightHash = tx.hash();
        hedger.inFlightNonce = tx.nonce();
        hedger.sentMillis = now;
        submit(hedger.inFlight);
    }

    /**
     * Writers sell at-the-money straddles of one expiry, a call and a put alternately, sizing each
     * sale from the initial margin the book needs per unit so far, until their equity is within 8%
     * of initial margin: they end at the edge. Buyers buy a straddle of 20–60 units.
     */
    private TxBody openBook(Hedger hedger, AccountView account, LedgerState state) {
        OptionMarketView options = state.optionMarketViews().get(0);
        long index = state.marketView(Simulation.MARKET).map(MarketView::indexPriceUsd).orElse(0L);
        if (options.safeMode() || index == 0) {
            return null;
        }
        long expiry = options.series().stream().filter(s -> !s.expired()).mapToLong(s -> s.expiryMillis())
                .skip(hedger.index % 2 == 0 ? 0 : 6).findFirst().orElse(-1);
        var atTheMoney = options.series().stream().filter(s -> s.expiryMillis() == expiry
                && s.strikeUsd() == 10_000 * Units.USD_SCALE).toList();
        if (atTheMoney.size() < 2) {
            hedger.bookComplete = true;
            return null;
        }
        var series = atTheMoney.get(account.optionPositions().size() % 2);
        long unit = series.contractSizeE8();
        long held = account.optionPositions().stream().mapToLong(p -> Math.abs(p.sizeE8())).sum();
        long lots;
        if (!hedger.writer) {
            lots = (20 + random.nextInt(41)) * Units.SIZE_SCALE / 2 / unit;
            hedger.bookComplete = account.optionPositions().size() >= 1;
        } else if (held == 0) {
            lots = 5 * Units.SIZE_SCALE / unit; // the first sale shows the margin one unit needs
        } else {
            double imPerUnit = (double) account.initialMarginUsd() / held * Units.SIZE_SCALE;
            double roomUnits = (account.equityUsd() * 0.92 - account.initialMarginUsd()) / imPerUnit;
            if (roomUnits < 0.5) {
                hedger.bookComplete = true;
                return null;
            }
            lots = Math.max(1, (long) (roomUnits * 0.9 * Units.SIZE_SCALE / unit));
        }
        long size = lots * unit;
        return new TxBody.Trade(series.id(), hedger.writer ? -size : size, hedger.writer ? 0 : Units.MAX_PRICE_USD);
    }

    /** Brings the book's delta (perp + options) back toward zero when it has drifted more than half a unit. */
    private TxBody hedge(AccountView account, LedgerState state) {
        for (GreeksView greeks : account.greeks()) {
            if (Math.abs(greeks.deltaE8()) > Units.SIZE_SCALE / 2) {
                return new TxBody.Trade(greeks.marketId(), -greeks.deltaE8(), greeks.deltaE8() < 0 ? Units.MAX_PRICE_USD : 1);
            }
        }
        return null;
    }

    private void submit(byte[] transaction) {
        List<Endpoint> up = sim.upEndpoints();
        if (!up.isEmpty()) {
            sim.submit(up.get(random.nextInt(up.size())), List.of(transaction));
        }
    }

    // ------------------------------------------------------------------ chain feedback and the audit

    /** The first execution of each committed block: receipts for the hedgers, then the audit replica. */
    void onCommitted(CommittedBlock block, BlockResult result) {
        for (Receipt receipt : result.receipts()) {
            receipts.putIfAbsent(receipt.txHash(), receipt.accepted());
            if (receipt instanceof Receipt.Accepted accepted && accepted.effect() instanceof TxEffect.OptionTraded) {
                optionTrades++;
            } else if (receipt instanceof Receipt.Accepted accepted && accepted.effect() instanceof TxEffect.Traded t
                    && isHedger(receipt.transaction().signer())) {
                hedgeTrades++;
            } else if (receipt instanceof Receipt.Rejected rejected && rejected.code() == RejectCode.INSUFFICIENT_MARGIN
                    && rejected.transaction().body() instanceof TxBody.Trade t && !t.marketId().equals(Simulation.MARKET)) {
                markBookComplete(receipt.transaction().signer());
            }
        }
        BlockResult audited = LedgerApplication.resultOf(replica.execute(block));
        if (!audited.stateRoot().equals(result.stateRoot())) {
            throw new SimViolation(Invariant.STATE_ROOT, "the audit replica's root at height " + block.height() + " is "
                    + audited.stateRoot().shortHex() + ", the validators' " + result.stateRoot().shortHex());
        }
        blocks++;
        LedgerState state = replica.state();
        boolean safe = state.marketViews().stream().anyMatch(MarketView::safeMode)
                || state.optionMarketViews().stream().anyMatch(OptionMarketView::safeMode);
        if (safe) {
            safeModeBlocks++;
            if (Boolean.getBoolean("sim.debug.options")) {
                System.err.println("h=" + block.height() + " safe: " + state.marketViews() + " " + state.optionMarketViews().get(0).volStaleReason()
                        + " rejections " + result.receipts().stream().filter(r -> !r.accepted()).map(r -> ((Receipt.Rejected) r).code() + ":" + ((Receipt.Rejected) r).reason()).limit(3).toList());
            }
        }
        long congestion = Math.min(Units.PPM, block.block().transactions().size() * Units.PPM / sim.config.maxBlockTxs());
        maxCongestionPpm = Math.max(maxCongestionPpm, congestion);
        if (congestion >= Units.PPM) {
            congestedBlocks++;
        }
        List<LedgerEvent> events = new ArrayList<>(audited.startEvents());
        for (Receipt receipt : audited.receipts()) {
            if (receipt instanceof Receipt.Accepted accepted) {
                events.addAll(accepted.events());
            }
        }
        events.addAll(audited.endEvents());
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.PositionLiquidated p) {
                slippageByCongestion.add(new long[] {congestion, p.slippagePpm()});
                if (p.marketId().equals(Simulation.MARKET)) {
                    perpFills++;
                } else {
                    optionFills++;
                }
            } else if (event instanceof LedgerEvent.LiquidationHedge h) {
                slippageByCongestion.add(new long[] {congestion, h.slippagePpm()});
                perpFills++;
            } else if (event instanceof LedgerEvent.OptionSettled) {
                seriesSettled++;
            } else if (event instanceof LedgerEvent.SettlementDelayed) {
                settlementsDelayed++;
            }
        }
    }

    private boolean isHedger(Bytes32 key) {
        for (Hedger hedger : hedgers) {
            if (hedger.key.publicKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private void markBookComplete(Bytes32 key) {
        for (Hedger hedger : hedgers) {
            if (hedger.key.publicKey().equals(key)) {
                hedger.bookComplete = true;
            }
        }
    }

    /** Right before the replica liquidates {@code account}: would it be liquidated at the true price and volatility? */
    private void audit(LedgerState state, Bytes32 account, boolean byKeeper) {
        liquidations++;
        long truePrice = sim.workload.truePriceUsd();
        MarginStatus atTruth = state.marginStatusAt(account, Simulation.MARKET, truePrice, trueVolPpm()).orElseThrow();
        if (!atTruth.liquidatable()) {
            improper++;
            MarginStatus atIndex = state.marginStatus(account).orElseThrow();
            long index = state.marketView(Simulation.MARKET).map(MarketView::indexPriceUsd).orElse(0L);
            if (improperDetails.size() < 5) {
                improperDetails.add("account " + account.shortHex() + " at height " + (state.height()) + ": index "
                        + Units.formatUsd(index) + ", true " + Units.formatUsd(truePrice) + "; equity/MM at the index "
                        + Units.formatUsd(atIndex.equityUsd()) + "/" + Units.formatUsd(atIndex.maintenanceMarginUsd())
                        + ", at the truth " + Units.formatUsd(atTruth.equityUsd()) + "/"
                        + Units.formatUsd(atTruth.maintenanceMarginUsd()) + (byKeeper ? " (keeper)" : ""));
            }
        }
    }

    OptionsLoopResult result() {
        return new OptionsLoopResult(blocks, safeModeBlocks, liquidations, improper, perpFills, optionFills, seriesSettled,
                settlementsDelayed, optionTrades, hedgeTrades, congestedBlocks,
                maxCongestionPpm, volJumpFactor, volJumpAtMillis - Simulation.GENESIS_MILLIS, slippageByCongestion,
                improperDetails);
    }

    /** Called after the run: an improper liquidation is a violation of this scenario. */
    void check() {
        if (improper > 0) {
            throw new SimViolation(Invariant.IMPROPER_LIQUIDATION, improper + " liquidation(s) that would not have happened at the "
                    + "true price and volatility: " + improperDetails);
        }
    }
}
