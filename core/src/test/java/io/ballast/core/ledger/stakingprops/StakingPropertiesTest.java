package io.ballast.core.ledger.stakingprops;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.ElectionOutcome;
import io.ballast.core.ledger.Equivocation;
import io.ballast.core.ledger.LastCommit;
import io.ballast.core.ledger.SlashReason;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.StakeView;
import io.ballast.core.ledger.StakingFixtures;
import io.ballast.core.ledger.StakingParams;
import io.ballast.core.ledger.Totals;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.property.Gen;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker;
import io.ballast.core.property.Tally;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Random sequences of deposits, bonds, unbonds, withdrawals of unbonded stake, consensus evidence and reported
 * evidence (slashes), certificates missing validators (downtime, jail), unjails, trades paying fees (rewards) and
 * collateral withdrawals
 * on a staking chain (five genesis validators, three would-be joiners, elections every 4 blocks).
 * After every block: value is conserved (collateral + pool + insurance + bonds + unbondings + reward pool = deposits), every
 * eligible member's power is backed by slashable stake, a rejected transaction leaves no trace; at every
 * election: never fewer than four members, the keys keep two thirds of the old and of the new power, and an
 * applied election gives every member exactly its bond (the top of the bonds above the minimum).
 */
class StakingPropertiesTest {
    private static final Tally TALLY = new Tally("stakingKeepsValueTheSetAndItsGuards");
    private static final int GENESIS_VALIDATORS = 5;
    private static final List<KeyPair> ACTORS = actors();
    private static final StakingParams PARAMS = StakingFixtures.PARAMS;

    enum Kind { DEPOSIT, BOND, UNBOND, WITHDRAW_UNBONDED, TRADE, WITHDRAW, EJECT, UNJAIL, REPORT, FORGED_REPORT }

    record Op(Kind kind, int actor, long amountUsd) {
        @Override
        public String toString() {
            return kind + "(" + actor + ", " + amountUsd + ")";
        }
    }

    /** One block: its operations and the certificate members absent from its last commit (bit i: index i). */
    record BlockOps(List<Op> ops, int absentMask) {}

    /** {@code chronic}: a certifying-set index that misses most certificates (-1: none). */
    record Scenario(List<BlockOps> blocks, int chronic) {
        static final Shrinker<Scenario> SHRINKER = failing -> Shrinker.shorterLists(failing.blocks(), 1, "blocks").stream()
                .map(c -> new Shrinker.Candidate<>(new Scenario(c.value(), failing.chronic()), c.step())).toList();
    }

    private static List<KeyPair> actors() {
        List<KeyPair> actors = new ArrayList<>();
        for (int i = 0; i < GENESIS_VALIDATORS; i++) {
            actors.add(StakingFixtures.validator(i));
        }
        for (int i = 0; i < 3; i++) {
            actors.add(LedgerFixtures.key("joiner-" + i));
        }
        return List.copyOf(actors);
    }

    static Scenario scenario(Gen gen) {
        int chronic = gen.ints(0, 9) < 4 ? gen.ints(0, GENESIS_VALIDATORS - 1) : -1;
        return new Scenario(gen.list(20, 70, StakingPropertiesTest::block), chronic);
    }

    private static BlockOps block(Gen gen) {
        List<Op> ops = new ArrayList<>();
        int count = gen.ints(0, 4);
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.values()[gen.weighted(6, 8, 5, 5, 3, 2, 1, 2, 2, 1)];
            int actor = gen.ints(0, ACTORS.size() - 1);
            long amount = switch (gen.ints(0, 3)) {
                case 0 -> usd(gen.oneOfLongs(50, 100, 300, 1_000));
                case 1 -> usd(gen.longs(1, 2_000));
                case 2 -> usd(gen.longs(2_000, 20_000));
                default -> gen.longs(1, usd(500));
            };
            ops.add(new Op(kind, actor, amount));
        }
        int absent = gen.ints(0, 9) < 3 ? 1 << gen.ints(0, 7) : 0;
        return new BlockOps(ops, absent);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 150)
    void stakingKeepsValueTheSetAndItsGuards(Seed seed) {
        TALLY.record(PropertyCheck.checkWithCoverage(seed, StakingPropertiesTest::scenario, Scenario.SHRINKER,
                StakingPropertiesTest::run));
    }

    @AfterAll
    static void everyBranchWasReached() {
        Map<String, Double> minimums = new LinkedHashMap<>();
        for (RejectCode code : RejectCode.values()) {
            if (code.stakingOnly() && code != RejectCode.STAKING_DISABLED) { // StakingTest: a chain without staking
                minimums.put(code.name(), 3.0);
            }
        }
        minimums.put(ElectionOutcome.APPLIED.name(), 50.0);
        minimums.put(ElectionOutcome.PHASED.name(), 20.0);
        minimums.put(ElectionOutcome.DEFERRED.name(), 3.0);
        minimums.put("withdrawn", 10.0);
        minimums.put("rewarded", 50.0);
        minimums.put(SlashReason.EQUIVOCATION.name(), 30.0);
        minimums.put(SlashReason.DOWNTIME.name(), 20.0);
        TALLY.requireAtLeast(minimums);
    }

    private static Map<String, Boolean> run(Scenario scenario) {
        Genesis genesis = StakingFixtures.genesis(GENESIS_VALIDATORS);
        LedgerState state = LedgerState.fromGenesis(genesis);
        Ledger ledger = Ledger.verifying();
        EnumSet<RejectCode> rejected = EnumSet.noneOf(RejectCode.class);
        EnumSet<ElectionOutcome> outcomes = EnumSet.noneOf(ElectionOutcome.class);
        boolean withdrawn = false;
        boolean rewarded = false;
        EnumSet<SlashReason> slashes = EnumSet.noneOf(SlashReason.class);
        long authorityNonce = 0;
        long timeMillis = genesis.genesisTimeMillis();
        Bytes32 consensusChainId = StakingFixtures.consensusChainId(genesis);
        List<SignedTransaction> funding = new ArrayList<>();
        for (KeyPair actor : ACTORS.subList(0, ACTORS.size() - 1)) { // every actor but one starts with an account
            funding.add(SignedTransaction.sign(state.chainId(), LedgerFixtures.AUTHORITY, ++authorityNonce,
                    new TxBody.Deposit(actor.publicKey(), usd(3_000))));
        }
        timeMillis += 1_000;
        ledger.apply(state, new LedgerBlock(1, timeMillis, 0, 0, funding));
        for (BlockOps blockOps : scenario.blocks()) {
            List<Op> ops = blockOps.ops();
            long height = state.height() + 1;
            timeMillis += 1_000;
            List<SignedTransaction> txs = new ArrayList<>();
            List<Equivocation> ejected = new ArrayList<>();
            Map<Integer, Boolean> signed = new HashMap<>();
            for (Op op : ops) {
                KeyPair actor = ACTORS.get(op.actor());
                if (op.kind() == Kind.EJECT) {
                    ejected.add(new Equivocation(actor.publicKey(), Math.max(1, height - op.amountUsd() % 14)));
                    continue;
                }
                if (op.kind() == Kind.DEPOSIT) {
                    txs.add(SignedTransaction.sign(state.chainId(), LedgerFixtures.AUTHORITY, ++authorityNonce,
                            new TxBody.Deposit(actor.publicKey(), op.amountUsd())));
                    continue;
                }
                if (signed.putIfAbsent(op.actor(), true) != null) {
                    continue; // one account transaction per actor and block: a rejection never shifts a nonce
                }
                long feeUsd = op.kind() == Kind.TRADE ? usd(1 + op.amountUsd() % 3) : 0;
                txs.add(SignedTransaction.sign(state.chainId(), actor, state.nonceOf(actor.publicKey()) + 1, feeUsd,
                        body(op, height, consensusChainId)));
            }
            LedgerBlock block = new LedgerBlock(height, timeMillis, 0, 0, txs, ejected,
                    lastCommit(state, height, blockOps.absentMask(), scenario.chronic()));
            LedgerState before = state.copy();
            List<ValidatorInfo> setBefore = state.activeValidators();
            BlockResult result = ledger.apply(state, block);
            List<SignedTransaction> kept = new ArrayList<>();
            for (Receipt receipt : result.receipts()) {
                if (receipt instanceof Receipt.Rejected r) {
                    rejected.add(r.code());
                } else {
                    kept.add(receipt.transaction());
                    withdrawn |= ((Receipt.Accepted) receipt).effect() instanceof io.ballast.core.ledger.TxEffect.WithdrewUnbonded;
                }
            }
            authorityNonce = state.collateralAuthorityNonce();
            String at = " at height " + height;
            if (kept.size() < txs.size()) {
                BlockResult without = ledger.apply(before, new LedgerBlock(height, timeMillis, 0, 0, kept, ejected,
                        block.lastCommit()));
                assertEquals(result.stateRoot(), without.stateRoot(), "the rejected transactions left a trace" + at);
            }
            checkValue(state, at);
            checkBacking(state, at);
            checkSecurity(state, at);
            for (LedgerEvent event : result.startEvents()) {
                if (event instanceof LedgerEvent.StakeSlashed slashed) {
                    slashes.add(slashed.reason());
                }
                rewarded |= event instanceof LedgerEvent.RewardsPaid paid && paid.paidUsd() > 0;
            }
            for (LedgerEvent event : result.endEvents()) {
                if (event instanceof LedgerEvent.ValidatorsElected elected) {
                    outcomes.add(elected.outcome());
                    checkElection(state, setBefore, elected, at);
                }
            }
        }
        LedgerState restored = LedgerState.restore(state.snapshot());
        assertEquals(state.stateRoot(), restored.stateRoot(), "snapshot round trip");
        Map<String, Boolean> labels = new LinkedHashMap<>();
        for (RejectCode code : RejectCode.values()) {
            if (code.stakingOnly()) {
                labels.put(code.name(), rejected.contains(code));
            }
        }
        for (ElectionOutcome outcome : ElectionOutcome.values()) {
            labels.put(outcome.name(), outcomes.contains(outcome));
        }
        labels.put("withdrawn", withdrawn);
        labels.put("rewarded", rewarded);
        for (SlashReason reason : SlashReason.values()) {
            labels.put(reason.name(), slashes.contains(reason));
        }
        return labels;
    }

    /** The previous block's certificate: every member of the certifying set except the absent ones (none at height 1). */
    private static LastCommit lastCommit(LedgerState state, long height, int absentMask, int chronic) {
        if (height == 1) {
            return LastCommit.NONE;
        }
        List<Integer> signers = new ArrayList<>();
        int members = state.certifyingValidators().size();
        for (int i = 0; i < members; i++) {
            boolean chronicallyAbsent = i == chronic && height % 5 != 0;
            if ((absentMask & (1 << i)) == 0 && !chronicallyAbsent) {
                signers.add(i);
            }
        }
        return new LastCommit(height - 1, signers);
    }

    private static TxBody body(Op op, long height, Bytes32 consensusChainId) {
        long offenceHeight = Math.max(1, height - op.amountUsd() % 16);
        return switch (op.kind()) {
            case UNJAIL -> new TxBody.Unjail();
            case REPORT -> new TxBody.ReportEquivocation(StakingFixtures.equivocation(
                    ACTORS.get((int) (op.amountUsd() % ACTORS.size())), consensusChainId, offenceHeight));
            case FORGED_REPORT -> new TxBody.ReportEquivocation(StakingFixtures.equivocation(
                    ACTORS.get((int) (op.amountUsd() % ACTORS.size())), Bytes32.ZERO, offenceHeight));
            case BOND -> new TxBody.BondStake(op.amountUsd());
            case UNBOND -> new TxBody.Unbond(op.amountUsd());
            case WITHDRAW_UNBONDED -> new TxBody.WithdrawUnbonded();
            case TRADE -> new TxBody.Trade(LedgerFixtures.BTC, op.amountUsd() % 2 == 0 ? LedgerFixtures.btc(1) / 10
                    : -LedgerFixtures.btc(1) / 10, op.amountUsd() % 2 == 0 ? Units.MAX_PRICE_USD : 1);
            case WITHDRAW -> new TxBody.Withdraw(op.amountUsd());
            case DEPOSIT, EJECT -> throw new IllegalArgumentException("not an account transaction: " + op);
        };
    }

    /** bonded + unbonding + free collateral + insurance + pool = deposits, and the staked total is the views' sum. */
    private static void checkValue(LedgerState state, String at) {
        Totals totals = state.totals();
        assertTrue(totals.cashConserved(), "value conserved" + at + ": " + totals);
        long staked = 0;
        for (StakeView view : state.stakeViews()) {
            staked += view.bondUsd() + view.unbondingUsd();
        }
        assertEquals(staked, totals.stakedUsd(), "staked total" + at);
    }

    /** The cost-of-corruption figures are the thresholds of the set that certifies now. */
    private static void checkSecurity(LedgerState state, String at) {
        io.ballast.core.ledger.SecurityView view = state.securityView();
        long total = state.certifyingValidators().stream().mapToLong(ValidatorInfo::stake).sum();
        assertEquals(total, view.totalPowerUsd(), "power of the certifying set" + at);
        assertTrue(3 * view.stakeToHaltUsd() > total && 3 * (view.stakeToHaltUsd() - 1) <= total, "halt threshold" + at);
        assertTrue(3 * view.stakeToForkUsd() > 2 * total && 3 * (view.stakeToForkUsd() - 1) <= 2 * total, "fork threshold" + at);
        assertEquals(view.stakeToHaltUsd() / 20, view.slashableOnForkUsd(), "5 % of the third that signs both sides" + at);
        assertEquals(view.corruptionCostRatioPpm() < 1_000_000, view.warning(), "warning below a ratio of 1" + at);
    }

    /** Every member not ejected votes with at most what a slash can reach. */
    private static void checkBacking(LedgerState state, String at) {
        for (StakeView view : state.stakeViews()) {
            if (view.slashedAtHeight() == 0 && view.jailedUntilHeight() == 0) {
                assertTrue(view.powerUsd() <= view.bondUsd() + view.unbondingUsd(), "power of " + view + " unbacked" + at);
            }
        }
    }

    private static void checkElection(LedgerState state, List<ValidatorInfo> before, LedgerEvent.ValidatorsElected elected,
                                      String at) {
        List<ValidatorInfo> after = state.activeValidators();
        assertEquals(after.size(), elected.members(), "members" + at);
        assertEquals(after.stream().mapToLong(ValidatorInfo::stake).sum(), elected.totalPowerUsd(), "Σ power" + at);
        assertTrue(after.size() >= StakingParams.MIN_VALIDATORS, "fewer than four validators" + at + ": " + after);
        Map<Bytes32, Long> oldPower = new HashMap<>();
        long kept = 0;
        Map<Bytes32, StakeView> views = new HashMap<>();
        for (StakeView view : state.stakeViews()) {
            views.put(view.key(), view);
        }
        for (ValidatorInfo v : before) {
            StakeView view = views.get(v.key());
            if (view == null || (view.slashedAtHeight() == 0 && view.jailedUntilHeight() == 0)) {
                // ejected and jailed members leave at once, outside the third
                oldPower.put(v.key(), v.stake());
                kept += v.stake();
            }
        }
        long retained = 0;
        long total = 0;
        for (ValidatorInfo v : after) {
            retained += Math.min(v.stake(), oldPower.getOrDefault(v.key(), 0L));
            total += v.stake();
        }
        if (elected.outcome() != ElectionOutcome.DEFERRED && kept > 0) {
            assertTrue(3 * retained >= 2 * kept, "more than a third of the old power left" + at + ": " + before + " -> " + after);
            assertTrue(3 * retained >= 2 * total, "more than a third of the new power is new" + at + ": " + before + " -> " + after);
        }
        if (elected.outcome() == ElectionOutcome.APPLIED) {
            assertEquals(target(state), after.stream().map(v -> v.key().toHex() + "=" + v.stake()).toList(),
                    "an applied election gives the top bonds their bond" + at);
        }
        if (elected.outcome() == ElectionOutcome.UNCHANGED) {
            assertEquals(before, after, "an unchanged election keeps the set" + at);
        }
        if (elected.outcome() == ElectionOutcome.DEFERRED) {
            assertEquals(before.stream().map(ValidatorInfo::key).toList(), after.stream().map(ValidatorInfo::key).toList(),
                    "a deferred election keeps the members" + at);
            for (int i = 0; i < after.size(); i++) {
                StakeView view = views.get(after.get(i).key());
                boolean eligible = view.slashedAtHeight() == 0 && view.jailedUntilHeight() == 0;
                long expected = eligible ? before.get(i).stake()
                        : Math.max(1, Math.min(before.get(i).stake(), view.bondUsd() + view.unbondingUsd()));
                assertEquals(expected, after.get(i).stake(), "a deferred election keeps powers, the slashed capped" + at);
            }
        }
    }

    /** The top {@code maxValidators} eligible bonds at or above the minimum, in slot order. */
    private static List<String> target(LedgerState state) {
        List<StakeView> views = state.stakeViews();
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i).slashedAtHeight() == 0 && views.get(i).jailedUntilHeight() == 0
                    && views.get(i).bondUsd() >= PARAMS.minBondUsd()) {
                ranked.add(i);
            }
        }
        ranked.sort(Comparator.<Integer>comparingLong(i -> -views.get(i).bondUsd()).thenComparingInt(i -> i));
        List<Integer> top = new ArrayList<>(ranked.subList(0, Math.min(PARAMS.maxValidators(), ranked.size())));
        top.sort(Comparator.naturalOrder());
        return top.stream().map(i -> views.get(i).key().toHex() + "=" + views.get(i).bondUsd()).toList();
    }
}
