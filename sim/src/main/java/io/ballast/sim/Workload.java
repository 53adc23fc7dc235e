package io.ballast.sim;

import io.ballast.core.consensus.TxResult;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Simulated clients: traders (trades, closes, withdrawals, LP deposits and withdrawals, top-up
 * requests), the collateral authority (signed deposits, batched with consecutive nonces) and oracle
 * operators (signed reports of a random-walk price with occasional jumps; up to f of them lie).
 * Each client keeps one transaction (or one deposit batch) in flight, learns its receipt from the
 * chain, and resubmits the same bytes to another validator when nothing happened for a while.
 */
final class Workload {
    static final int TRADERS = 6;
    static final long RESUBMIT_AFTER_MILLIS = 2_000;
    private static final KeyPair[] TRADER_KEYS = new KeyPair[TRADERS];

    static {
        for (int i = 0; i < TRADERS; i++) {
            TRADER_KEYS[i] = Ed25519.keyPairFromLabel("sim-trader-" + i);
        }
    }

    static KeyPair traderKey(int i) {
        return TRADER_KEYS[i];
    }

    private static final class InFlight {
        final byte[] bytes;
        final Bytes32 hash;
        final long nonce;
        long lastSentMillis;

        InFlight(SignedTransaction tx, long now) {
            this.bytes = tx.encode();
            this.hash = tx.hash();
            this.nonce = tx.nonce();
            this.lastSentMillis = now;
        }
    }

    private static final class Trader {
        final int index;
        final KeyPair key;
        /** One of the stress scenarios' extra traders: its own orders and pace, silent after the heal. */
        final boolean flood;
        long nonce;
        InFlight pending;
        boolean topUpRequested;

        Trader(int index) {
            this(index, TRADER_KEYS[index], false);
        }

        Trader(int index, KeyPair key, boolean flood) {
            this.index = index;
            this.key = key;
            this.flood = flood;
        }
    }

    /** A deposit for one of this workload's traders, or (trader null) for another workload piece's account. */
    private record DepositRequest(Trader trader, Bytes32 account, long amountUsd) {
        DepositRequest(Trader trader, long amountUsd) {
            this(trader, trader.key.publicKey(), amountUsd);
        }
    }

    private final Simulation sim;
    private final Random random;
    private final List<Trader> traders = new ArrayList<>();
    private final List<Trader> floodTraders = new ArrayList<>();
    private final StressPlan stress;
    /** The true price at each change, for the liquidation check: {absolute simulated ms, micro-USD}. */
    private final List<long[]> truePrices = new ArrayList<>();
    private final List<DepositRequest> depositRequests = new ArrayList<>();
    private final List<InFlight> depositBatch = new ArrayList<>();
    private final List<DepositRequest> batchRequests = new ArrayList<>();
    private long authorityNonce;
    private long priceUsd = 10_000 * Units.USD_SCALE;
    private final List<List<byte[]>> oracleHistory = new ArrayList<>();
    private final int lyingOracles;

    private final Map<Bytes32, Long> submittedAt = new HashMap<>();
    private final Map<Bytes32, Boolean> receipts = new HashMap<>();
    private final List<Long> finality = new ArrayList<>();
    private Set<Bytes32> unresolvedAtHeal;
    long rejectedReceipts;
    long acceptedReceipts;

    Workload(Simulation sim) {
        this.sim = sim;
        this.random = sim.random;
        for (int i = 0; i < TRADERS; i++) {
            traders.add(new Trader(i));
        }
        int oracleFaults = (Simulation.ORACLES.size() - 1) / 3;
        this.lyingOracles = sim.scenario.lyingOracles() ? 1 + random.nextInt(oracleFaults) : 0;
        for (int i = 0; i < Simulation.ORACLES.size(); i++) {
            oracleHistory.add(new ArrayList<>());
        }
        this.stress = new StressPlan(sim.scenario.stress());
        truePrices.add(new long[] {sim.now, priceUsd});
    }

    /** Starts the clients; {@code faultMillis} is the length of the fault phase (the stress scenarios plan within it). */
    void start(long faultMillis) {
        for (Trader trader : traders) {
            depositRequests.add(new DepositRequest(trader, 20_000 * Units.USD_SCALE));
        }
        sim.schedule(sim.now + 1, this::authorityTick);
        for (Trader trader : traders) {
            sim.schedule(sim.now + 200 + random.nextInt(400), () -> traderTick(trader));
        }
        for (int i = 0; i < Simulation.ORACLES.size(); i++) {
            int operator = i;
            sim.schedule(sim.now + random.nextInt(500), () -> oracleTick(operator));
        }
        sim.schedule(sim.now + 250, this::priceTick);
        if (stress.kind() != Scenario.Stress.NONE) {
            stress.draw(random, sim.now, faultMillis);
            for (int i = 0; i < stress.floodTraders(); i++) {
                Trader trader = new Trader(TRADERS + i, StressPlan.floodKey(i), true);
                floodTraders.add(trader);
                sim.schedule(stress.activationMillis(i), () -> activate(trader));
            }
        }
    }

    private void activate(Trader trader) {
        if (!sim.faultsActive) {
            return;
        }
        depositRequests.add(new DepositRequest(trader, (5_000 + random.nextInt(15_000)) * Units.USD_SCALE));
        sim.schedule(sim.now + 300 + random.nextInt(300), () -> traderTick(trader));
    }

    // ------------------------------------------------------------------ chain feedback

    void onReceipt(Receipt receipt, long now) {
        Bytes32 hash = receipt.txHash();
        if (receipts.putIfAbsent(hash, receipt.accepted()) != null) {
            return;
        }
        if (receipt.accepted()) {
            acceptedReceipts++;
        } else {
            rejectedReceipts++;
        }
        Long submitted = submittedAt.get(hash);
        if (submitted != null) {
            finality.add(now - submitted);
            sim.recorder.onTransaction(submitted, now - submitted,
                    sim.adversary.censored.contains(receipt.transaction().signer()));
        }
    }

    void onOutcome(Endpoint e, TxResult result) {
        // Clients learn the result from the chain; admission verdicts only matter through resubmission.
    }

    List<Long> finalityMillis() {
        return finality;
    }

    /** True once every client transaction submitted before the heal has a receipt. */
    boolean quiescent() {
        if (unresolvedAtHeal == null) {
            unresolvedAtHeal = new LinkedHashSet<>();
            for (List<Trader> list : List.of(traders, floodTraders)) {
                for (Trader trader : list) {
                    if (trader.pending != null && !receipts.containsKey(trader.pending.hash)) {
                        unresolvedAtHeal.add(trader.pending.hash);
                    }
                }
            }
            for (InFlight deposit : depositBatch) {
                if (!receipts.containsKey(deposit.hash)) {
                    unresolvedAtHeal.add(deposit.hash);
                }
            }
        }
        unresolvedAtHeal.removeIf(receipts::containsKey);
        return unresolvedAtHeal.isEmpty();
    }

    int pendingCount() {
        return unresolvedAtHeal == null ? -1 : unresolvedAtHeal.size();
    }

    private void submit(List<byte[]> transactions, boolean track, long now) {
        List<Endpoint> up = sim.clientTargets();
        if (up.isEmpty()) {
            return;
        }
        if (track) {
            for (byte[] tx : transactions) {
                submittedAt.putIfAbsent(SignedTransaction.decode(tx).hash(), now);
            }
        }
        sim.submit(up.get(random.nextInt(up.size())), transactions);
    }

    // ------------------------------------------------------------------ authority

    private void authorityTick() {
        long now = sim.now;
        if (!depositBatch.isEmpty()) {
            boolean resolved = true;
            for (InFlight deposit : depositBatch) {
                resolved &= receipts.containsKey(deposit.hash);
            }
            if (resolved) {
                for (int i = 0; i < depositBatch.size(); i++) {
                    InFlight deposit = depositBatch.get(i);
                    if (receipts.get(deposit.hash)) {
                        authorityNonce = Math.max(authorityNonce, deposit.nonce);
                    } else {
                        depositRequests.add(batchRequests.get(i));
                    }
                }
                for (DepositRequest request : batchRequests) {
                    if (request.trader != null) {
                        request.trader.topUpRequested = false;
                    }
                }
                depositBatch.clear();
                batchRequests.clear();
            } else if (now - depositBatch.get(0).lastSentMillis >= RESUBMIT_AFTER_MILLIS) {
                List<byte[]> again = new ArrayList<>();
                for (InFlight deposit : depositBatch) {
                    if (!receipts.containsKey(deposit.hash)) {
                        again.add(deposit.bytes);
                    }
                    deposit.lastSentMillis = now;
                }
                submit(again, false, now);
            }
        } else if (!depositRequests.isEmpty()) {
            LedgerState state = sim.referenceState();
            if (state != null) {
                authorityNonce = Math.max(authorityNonce, state.collateralAuthorityNonce());
            }
            List<byte[]> batch = new ArrayList<>();
            long nonce = authorityNonce;
            for (DepositRequest request : depositRequests) {
                SignedTransaction tx = SignedTransaction.sign(Simulation.CHAIN, Simulation.AUTHORITY, ++nonce,
                        new TxBody.Deposit(request.account, request.amountUsd));
                depositBatch.add(new InFlight(tx, now));
                batchRequests.add(request);
                batch.add(tx.encode());
            }
            depositRequests.clear();
            submit(batch, true, now);
        }
        sim.schedule(now + 150 + random.nextInt(200), this::authorityTick);
    }

    // ------------------------------------------------------------------ traders

    private void traderTick(Trader trader) {
        long now = sim.now;
        if (trader.flood && !sim.faultsActive && trader.pending == null) {
            return; // the stress ends at the heal
        }
        sim.schedule(now + (trader.flood ? stress.thinkMillis(random) : 150 + random.nextInt(450)),
                () -> traderTick(trader));
        if (trader.pending != null) {
            Boolean accepted = receipts.get(trader.pending.hash);
            if (accepted == null) {
                if (now - trader.pending.lastSentMillis >= RESUBMIT_AFTER_MILLIS) {
                    trader.pending.lastSentMillis = now;
                    submit(List.of(trader.pending.bytes), false, now);
                }
                return;
            }
            if (accepted) {
                trader.nonce = trader.pending.nonce;
            }
            trader.pending = null;
        }
        LedgerState state = sim.referenceState();
        if (state == null) {
            return;
        }
        AccountView account = state.accountView(trader.key.publicKey()).orElse(null);
        if (account == null) {
            return;
        }
        trader.nonce = Math.max(trader.nonce, account.nonce());
        if (trader.flood && !sim.faultsActive) {
            return;
        }
        TxBody body = trader.flood ? stress.floodOrder(random, account, state) : nextBody(trader, account, state);
        if (body == null && trader.flood) {
            body = requestTopUp(trader);
        }
        if (body == null) {
            return;
        }
        long fee = random.nextInt(4) == 0 ? random.nextInt(1_000) : 0;
        SignedTransaction tx = SignedTransaction.sign(Simulation.CHAIN, trader.key, trader.nonce + 1, fee, body);
        trader.pending = new InFlight(tx, now);
        submit(List.of(tx.encode()), true, now);
    }

    private TxBody nextBody(Trader trader, AccountView account, LedgerState state) {
        PositionView position = null;
        for (PositionView p : account.positions()) {
            if (p.marketId().equals(Simulation.MARKET)) {
                position = p;
            }
        }
        MarketView market = state.marketView(Simulation.MARKET).orElseThrow();
        long index = Math.max(1, market.indexPriceUsd());
        int r = random.nextInt(100);
        if (position != null && r < 30) {
            return new TxBody.ClosePosition(Simulation.MARKET, position.sizeE8() > 0 ? 1 : Units.MAX_PRICE_USD);
        }
        if (r < 70) {
            long equity = Math.max(0, account.equityUsd());
            double leverage = 0.3 + random.nextDouble() * 9.3;
            long sizeE8 = (long) (equity * leverage / index * Units.SIZE_SCALE);
            if (sizeE8 <= 0) {
                return requestTopUp(trader);
            }
            boolean buy = random.nextBoolean();
            return new TxBody.Trade(Simulation.MARKET, buy ? sizeE8 : -sizeE8, buy ? Units.MAX_PRICE_USD : 1);
        }
        if (r < 80 && account.collateralUsd() > Units.USD_SCALE) {
            return new TxBody.Withdraw(1 + (long) (account.collateralUsd() * (0.01 + random.nextDouble() * 0.3)));
        }
        if (r < 88 && account.collateralUsd() > Units.USD_SCALE) {
            return new TxBody.LpDeposit(1 + (long) (account.collateralUsd() * (0.01 + random.nextDouble() * 0.1)));
        }
        if (r < 94 && account.lpShares() > 0) {
            return new TxBody.LpWithdraw(Math.max(1, (long) (account.lpShares() * (0.1 + random.nextDouble() * 0.9))));
        }
        return requestTopUp(trader);
    }

    private TxBody requestTopUp(Trader trader) {
        if (!trader.topUpRequested) {
            trader.topUpRequested = true;
            depositRequests.add(new DepositRequest(trader, (2_000 + random.nextInt(10_000)) * Units.USD_SCALE));
        }
        return null;
    }

    // ------------------------------------------------------------------ oracles

    /** Funds an account of another workload piece (signed with the authority's nonces, batched with the others). */
    void requestDeposit(Bytes32 account, long amountUsd) {
        depositRequests.add(new DepositRequest(null, account, amountUsd));
    }

    /** The true price the oracle operators observe (with noise) and the simulator knows. */
    long truePriceUsd() {
        return priceUsd;
    }

    /**
     * The true price: a random walk with rare jumps of 3–12 % (crashes and squeezes); in the options
     * feedback scenario a diffusion whose volatility {@link FeedbackLoop} sets (and which jumps).
     */
    private void priceTick() {
        double move;
        if (sim.feedbackLoop != null) {
            move = sim.feedbackLoop.priceMove(random);
        } else {
            move = random.nextGaussian() * 0.003;
            if (random.nextInt(150) == 0) {
                move += (random.nextBoolean() ? 1 : -1) * (0.03 + random.nextDouble() * 0.09);
            }
        }
        priceUsd = Math.max(Units.USD_SCALE, Math.min(Units.MAX_PRICE_USD / 4, (long) (priceUsd * (1 + move))));
        double scripted = stress.priceFactor(sim.now);
        if (scripted != 1.0) {
            priceUsd = Math.max(Units.USD_SCALE, Math.min(Units.MAX_PRICE_USD / 4, (long) (priceUsd * scripted)));
        }
        truePrices.add(new long[] {sim.now, priceUsd});
        sim.schedule(sim.now + 250, this::priceTick);
    }

    /**
     * The lowest and highest true price in effect at any time in [{@code fromMillis}, {@code toMillis}] (absolute
     * simulated times): the price at {@code fromMillis} and every change after it up to {@code toMillis}.
     */
    long[] truePriceRange(long fromMillis, long toMillis) {
        int first = 0;
        for (int i = truePrices.size() - 1; i >= 0; i--) {
            if (truePrices.get(i)[0] <= fromMillis) {
                first = i;
                break;
            }
        }
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (int i = first; i < truePrices.size() && (i == first || truePrices.get(i)[0] <= toMillis); i++) {
            low = Math.min(low, truePrices.get(i)[1]);
            high = Math.max(high, truePrices.get(i)[1]);
        }
        return new long[] {low, high};
    }

    private void oracleTick(int operator) {
        long now = sim.now;
        sim.schedule(now + 300 + random.nextInt(500), () -> oracleTick(operator));
        if (sim.faultsActive && stress.oraclesSilent(now)) {
            return;
        }
        KeyPair key = Simulation.ORACLES.get(operator);
        List<byte[]> history = oracleHistory.get(operator);
        boolean lying = operator < lyingOracles;
        int r = random.nextInt(10);
        byte[] report;
        if (lying && r < 2 && !history.isEmpty()) {
            report = history.get(random.nextInt(history.size())); // a stale replay, byte for byte
        } else if (lying && r < 4) {
            report = sign(key, priceUsd, now - 1_000 - random.nextInt(10_000)); // backdated
        } else if (lying && r < 8) {
            long wild = (long) (priceUsd * (0.2 + random.nextDouble() * 4.8)); // wild price
            report = sign(key, Math.max(1, wild), now);
        } else {
            long noisy = (long) (priceUsd * (1 + random.nextGaussian() * 0.0005));
            report = sign(key, Math.max(1, noisy), now);
        }
        if (history.size() < 64) {
            history.add(report);
        }
        submit(List.of(report), false, now);
    }

    private static byte[] sign(KeyPair key, long priceUsd, long timestampMillis) {
        return SignedTransaction.sign(Simulation.CHAIN, key, 0, new TxBody.OracleReport(Simulation.MARKET, priceUsd,
                timestampMillis)).encode();
    }

    /** Signers whose every transaction so far has a receipt (for tests). */
    Set<Bytes32> resolvedSigners() {
        Set<Bytes32> signers = new HashSet<>();
        for (List<Trader> list : List.of(traders, floodTraders)) {
            for (Trader trader : list) {
                if (trader.pending == null) {
                    signers.add(trader.key.publicKey());
                }
            }
        }
        return signers;
    }
}
