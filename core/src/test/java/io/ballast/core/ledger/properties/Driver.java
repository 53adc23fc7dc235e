package io.ballast.core.ledger.properties;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import io.ballast.core.ledger.properties.Scenario.BlockSpec;
import io.ballast.core.ledger.properties.Scenario.GenesisSpec;
import io.ballast.core.ledger.properties.Scenario.MarketSpec;
import io.ballast.core.ledger.properties.Scenario.MoveMode;
import io.ballast.core.ledger.properties.Scenario.Mutation;
import io.ballast.core.ledger.properties.Scenario.Op;
import io.ballast.core.ledger.properties.Scenario.PriceMove;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.math.Fixed;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Interprets a {@link Scenario} against one {@link LedgerState}: builds each block from the
 * state as it is when the block is built (sizes from equity, amounts from collateral, limits from
 * the index), signs it, applies it and hands every block to an {@link Observer}. Keeps what the
 * properties need to check independently: external deposits and withdrawals, accepted transactions
 * (for replay), the hashes of validly signed transactions, and coverage flags.
 */
final class Driver {
    static final String CHAIN_ID = LedgerFixtures.CHAIN_ID;
    static final List<KeyPair> TRADERS = IntStream.range(0, 6).mapToObj(i -> LedgerFixtures.key("trader-" + i)).toList();
    static final KeyPair STRANGER = LedgerFixtures.key("stranger");
    static final String[] MARKET_IDS = {"BTC-PERP", "ETH-PERP"};
    static final String UNKNOWN_MARKET = "NOPE-PERP";
    static final int OPERATORS = LedgerFixtures.ORACLES.size();

    /** Called after every applied block; {@code before} is a copy of the state before it (null unless asked for). */
    interface Observer {
        void onBlock(LedgerState before, List<MarketView> marketsBefore, LedgerBlock block, BlockResult result);
    }

    enum Seen { LIQUIDATION, PARTIAL_LIQUIDATION, KEEPER_LIQUIDATION, INSURANCE_DRAW, ADL, POOL_ABSORBED, SAFE_MODE,
        SAFE_MODE_EXITED, FUNDING, STALE_TRADE_ACCEPTED, STALE_WITHDRAWAL_ACCEPTED }

    final Scenario scenario;
    final Genesis genesis;
    final int traders;
    final int marketCount;
    final LedgerState state;
    final Ledger ledger;
    private final long[] honestPriceUsd;
    private final long[][] lastReportMillis;
    /** Accepted non-oracle transactions, in order: replay candidates. */
    final List<SignedTransaction> accepted = new ArrayList<>();
    /** Hashes of every correctly signed transaction built (for SignatureCheck.preVerified). */
    final Set<Bytes32> validHashes = new HashSet<>();
    /** Hashes of transactions built as replays of accepted ones. */
    final Set<Bytes32> replays = new HashSet<>();
    final List<LedgerBlock> blocks = new ArrayList<>();
    final List<BlockResult> results = new ArrayList<>();
    final EnumSet<Seen> seen = EnumSet.noneOf(Seen.class);
    /** Genesis funds + accepted deposits − accepted withdrawals, counted from receipts. */
    long externalNetUsd;
    /** Rejection codes seen, by count; and accepted effects by type. */
    final Map<String, Integer> outcomes = new java.util.TreeMap<>();
    byte[] snapshotMidway;
    int snapshotMidwayBlocks = -1;

    private final Map<Bytes32, Long> nextNonce = new HashMap<>();
    /** Transactions of the block being built that took the signer's next nonce, with their key. */
    private final Map<Bytes32, KeyPair> sequenced = new HashMap<>();
    private long nextAuthorityNonce;

    Driver(Scenario scenario, Ledger ledger) {
        this.scenario = scenario;
        this.genesis = genesis(scenario.genesis());
        this.traders = scenario.initialDepositsUsd().size();
        this.marketCount = genesis.markets().size();
        this.state = LedgerState.fromGenesis(genesis);
        this.ledger = ledger;
        this.honestPriceUsd = new long[marketCount];
        this.lastReportMillis = new long[marketCount][OPERATORS];
        for (int m = 0; m < marketCount; m++) {
            honestPriceUsd[m] = genesis.markets().get(m).initialIndexPriceUsd();
            java.util.Arrays.fill(lastReportMillis[m], genesis.genesisTimeMillis());
        }
        this.externalNetUsd = genesis.insuranceFundUsd() + genesis.poolLiquidityUsd();
    }

    Driver(Scenario scenario) {
        this(scenario, Ledger.verifying());
    }

    static Genesis genesis(GenesisSpec spec) {
        List<MarketParams> markets = new ArrayList<>();
        for (int i = 0; i < spec.markets().size(); i++) {
            MarketSpec m = spec.markets().get(i);
            long capE8 = Fixed.mulDiv(m.openInterestCapNotionalUsd() * Units.USD_SCALE, Units.SIZE_SCALE, m.initialPriceUsd());
            markets.add(MarketParams.builder(MARKET_IDS[i])
                    .margins(m.initialMarginPpm(), m.initialMarginPpm() / 2)
                    .maxOpenInterestE8(capE8)
                    .baseSpreadPpm(m.baseSpreadPpm())
                    .volatility(m.volatilityPpmPerSqrtSecond(), 1_000_000)
                    .skewImpactScaleUsd(m.skewImpactScaleUsd())
                    .maxSpreadPpm(50_000)
                    .funding(m.fundingIntervalMillis(), m.fundingFactorPpb(), m.maxFundingRatePpb())
                    .liquidationFee(m.liquidationFeePpm(), m.liquidatorSharePpm())
                    .liquidationSlippage(1_000, 10_000, 5_000, 30_000)
                    .stressBufferPpm(m.stressBufferPpm())
                    .oracle(new OracleRuleParams(m.minFreshReports(), m.maxAgeMillis(), 3_000_000))
                    .initialIndexPriceUsd(m.initialPriceUsd())
                    .build());
        }
        LedgerLimits limits = new LedgerLimits(20_000, spec.maxLiquidationsPerBlock(), 1_000_000, spec.maxAdl(), 5_000,
                spec.poolReserveRatioPpm());
        return new Genesis(CHAIN_ID, LedgerFixtures.GENESIS_TIME_MILLIS,
                List.of(new ValidatorInfo(LedgerFixtures.VALIDATOR.publicKey(), 100)),
                LedgerFixtures.ORACLES.stream().map(KeyPair::publicKey).toList(), LedgerFixtures.AUTHORITY.publicKey(),
                spec.insuranceUsd(), spec.poolUsd(), limits, markets);
    }

    /** Runs the whole scenario: a funding block, then every generated block. */
    Driver run(Observer observer, boolean copyBefore) {
        List<SignedTransaction> setup = new ArrayList<>();
        beginBuilding();
        for (int i = 0; i < traders; i++) {
            setup.add(signAuthority(new TxBody.Deposit(TRADERS.get(i).publicKey(), scenario.initialDepositsUsd().get(i) * Units.USD_SCALE),
                    Mutation.NONE, 0));
        }
        for (int i = 0; i < traders; i += 2) { // every other trader is also a liquidity provider
            long amount = scenario.initialDepositsUsd().get(i) * Units.USD_SCALE * 2 / 5;
            setup.add(sequence(TRADERS.get(i), sign(TRADERS.get(i), 1, 0, new TxBody.LpDeposit(amount), true)));
        }
        apply(new LedgerBlock(state.height() + 1, state.timeMillis() + 1_000, 0, 0, setup), observer, copyBefore);
        List<BlockSpec> specs = scenario.blocks();
        for (int b = 0; b < specs.size(); b++) {
            if (b == scenario.snapshotBlock()) {
                snapshotMidway = state.snapshot();
                snapshotMidwayBlocks = blocks.size();
            }
            apply(build(specs.get(b)), observer, copyBefore);
        }
        if (snapshotMidway == null) {
            snapshotMidway = state.snapshot();
            snapshotMidwayBlocks = blocks.size();
        }
        return this;
    }

    BlockResult apply(LedgerBlock block, Observer observer, boolean copyBefore) {
        LedgerState before = copyBefore ? state.copy() : null;
        List<MarketView> marketsBefore = state.marketViews();
        BlockResult result = ledger.apply(state, block);
        blocks.add(block);
        results.add(result);
        record(result);
        if (observer != null) {
            observer.onBlock(before, marketsBefore, block, result);
        }
        return result;
    }

    private void record(BlockResult result) {
        List<LedgerEvent> events = new ArrayList<>(result.startEvents());
        for (Receipt receipt : result.receipts()) {
            outcomes.merge(receipt instanceof Receipt.Rejected r ? r.code().name()
                    : ((Receipt.Accepted) receipt).effect().getClass().getSimpleName(), 1, Integer::sum);
            if (receipt instanceof Receipt.Accepted ok) {
                events.addAll(ok.events());
                TxEffect effect = ok.effect();
                if (effect instanceof TxEffect.Deposited d) {
                    externalNetUsd += d.amountUsd();
                } else if (effect instanceof TxEffect.Withdrew w) {
                    externalNetUsd -= w.amountUsd();
                } else if (effect instanceof TxEffect.Liquidated) {
                    seen.add(Seen.KEEPER_LIQUIDATION);
                }
                if (!(effect instanceof TxEffect.Reported)) {
                    accepted.add(ok.transaction());
                }
            }
        }
        events.addAll(result.endEvents());
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.PositionLiquidated p) {
                seen.add(Seen.LIQUIDATION);
                if (p.partial()) {
                    seen.add(Seen.PARTIAL_LIQUIDATION);
                }
            } else if (event instanceof LedgerEvent.InsuranceDraw) {
                seen.add(Seen.INSURANCE_DRAW);
            } else if (event instanceof LedgerEvent.AutoDeleveraged) {
                seen.add(Seen.ADL);
            } else if (event instanceof LedgerEvent.PoolAbsorbedDeficit) {
                seen.add(Seen.POOL_ABSORBED);
            } else if (event instanceof LedgerEvent.SafeModeEntered) {
                seen.add(Seen.SAFE_MODE);
            } else if (event instanceof LedgerEvent.SafeModeExited) {
                seen.add(Seen.SAFE_MODE_EXITED);
            } else if (event instanceof LedgerEvent.FundingApplied) {
                seen.add(Seen.FUNDING);
            }
        }
    }

    // ------------------------------------------------------------------ building blocks

    private void beginBuilding() {
        nextNonce.clear();
        sequenced.clear();
        nextAuthorityNonce = state.collateralAuthorityNonce() + 1;
    }

    LedgerBlock build(BlockSpec spec) {
        beginBuilding();
        long time = state.timeMillis() + (spec.outage() ? 10_000 + spec.dtMillis() % 15_000 : spec.dtMillis());
        List<SignedTransaction> txs = new ArrayList<>();
        List<SignedTransaction> reports = spec.outage() ? List.of() : reports(spec, time);
        for (Op op : spec.ops()) {
            SignedTransaction tx = build(op, time);
            if (tx != null) {
                txs.add(tx);
            }
        }
        txs.addAll(Math.min(spec.reportPosition(), txs.size()), reports);
        LedgerBlock draft = new LedgerBlock(state.height() + 1, time, spec.congestionPpm(), spec.finalityMillis(), txs);
        return renumber(draft);
    }

    /**
     * A rejected transaction does not consume its nonce, so every later transaction of the same
     * signer in the block would fail with BAD_NONCE. Dry-runs the draft on a copy and re-signs the
     * signer's later transactions with the nonces that are actually next (one pass: good enough to
     * keep most of the generated activity meaningful).
     */
    private LedgerBlock renumber(LedgerBlock draft) {
        if (sequenced.isEmpty()) {
            return draft;
        }
        BlockResult dry = new Ledger(io.ballast.core.ledger.SignatureCheck.preVerified(validHashes)).apply(state.copy(), draft);
        Map<Bytes32, Long> shift = new HashMap<>();
        List<SignedTransaction> txs = new ArrayList<>(draft.transactions());
        boolean changed = false;
        for (int i = 0; i < txs.size(); i++) {
            SignedTransaction tx = txs.get(i);
            KeyPair key = sequenced.get(tx.hash());
            if (key == null) {
                continue;
            }
            long by = shift.getOrDefault(tx.signer(), 0L);
            if (by > 0) {
                txs.set(i, sign(key, tx.nonce() - by, tx.priorityFeeUsd(), tx.body(), true));
                changed = true;
            }
            if (!dry.receipts().get(i).accepted()) {
                shift.put(tx.signer(), by + 1);
            }
        }
        return changed ? new LedgerBlock(draft.height(), draft.timeMillis(), draft.congestionPpm(),
                draft.recentFinalityMillis(), txs) : draft;
    }

    private List<SignedTransaction> reports(BlockSpec spec, long time) {
        List<SignedTransaction> reports = new ArrayList<>();
        for (int m = 0; m < marketCount; m++) {
            PriceMove move = spec.moves().get(m);
            if (move.mode() == MoveMode.SILENT) {
                continue;
            }
            long mag = move.magnitudePpm();
            long factorPpm = switch (move.mode()) {
                case CRASH -> 1_000_000 - 300_000 - mag / 2;          // −30 % .. −80 %
                case DIP -> 1_000_000 + (move.up() ? 1 : -1) * (40_000 + mag * 11 / 100);  // ±4 % .. ±15 %
                case PUMP -> 1_000_000 + 300_000 + mag;               // +30 % .. +130 %
                default -> 1_000_000 + (move.up() ? 1 : -1) * (mag * 3 / 100);  // ±3 %
            };
            long price = Math.max(1, Math.min(Units.MAX_PRICE_USD, Fixed.mulDiv(honestPriceUsd[m], factorPpm, 1_000_000)));
            honestPriceUsd[m] = price;
            for (int o = 0; o < OPERATORS; o++) {
                if (move.mode() == MoveMode.PARTIAL && o != mag % OPERATORS) {
                    continue;
                }
                long reported = price;
                if (move.mode() == MoveMode.LIAR && o == 0) {
                    reported = Math.max(1, Math.min(Units.MAX_PRICE_USD, Fixed.mulDiv(price, move.liarFactorPct(), 100)));
                }
                long ts = Math.max(time - (mag + o * 97) % 400, lastReportMillis[m][o] + 1);
                lastReportMillis[m][o] = ts;
                reports.add(SignedTransaction.sign(CHAIN_ID, LedgerFixtures.ORACLES.get(o), 0,
                        new TxBody.OracleReport(MARKET_IDS[m], reported, ts)));
            }
        }
        for (SignedTransaction r : reports) {
            validHashes.add(r.hash());
        }
        return reports;
    }

    private SignedTransaction build(Op op, long time) {
        int a = op.actor() % traders;
        KeyPair actor = TRADERS.get(a);
        int m = op.market() % marketCount;
        String marketId = MARKET_IDS[m];
        AccountView view = state.accountView(actor.publicKey()).orElse(null);
        long collateral = view == null ? 0 : view.collateralUsd();
        long index = state.marketViews().get(m).indexPriceUsd();
        if (index == 0) {
            index = honestPriceUsd[m];
        }
        long x = op.x();
        int y = op.y();
        return switch (op.kind()) {
            case DEPOSIT -> {
                long amount = y < 4 ? Long.MAX_VALUE : y < 8 ? -(y % 2) : 100 * Units.USD_SCALE + x * 50 * Units.USD_SCALE / 1_000;
                yield signAuthority(new TxBody.Deposit(actor.publicKey(), amount), op.mutation(), x);
            }
            case WITHDRAW -> {
                long amount = y < 5 ? -(y % 2) : y < 10 ? Long.MAX_VALUE : Math.max(1, Fixed.mulDiv(collateral, x * 13 / 10, 1_000_000));
                yield signAccount(actor, new TxBody.Withdraw(amount), op.mutation(), x, y);
            }
            case TRADE -> {
                long size = tradeSize(view, m, index, x, y);
                yield signAccount(actor, new TxBody.Trade(marketId, size, limit(size, index, y / 5)), op.mutation(), x, y);
            }
            case HUGE_TRADE -> {
                long cap = genesis.markets().get(m).maxOpenInterestE8();
                long size = switch (y % 6) {
                    case 0 -> Units.MAX_SIZE_E8;
                    case 1 -> Units.MAX_SIZE_E8 + 1;
                    case 2 -> Long.MIN_VALUE;
                    case 3 -> 0;
                    case 4 -> cap + 1;
                    default -> -(cap + 1);
                };
                yield signAccount(actor, new TxBody.Trade(marketId, size, size > 0 ? Units.MAX_PRICE_USD : 1), op.mutation(), x, y);
            }
            case CLOSE -> {
                long position = position(view, marketId);
                long worst = y % 4 == 0 ? index : position < 0 ? Units.MAX_PRICE_USD : 1;
                yield signAccount(actor, new TxBody.ClosePosition(marketId, worst), op.mutation(), x, y);
            }
            case LP_DEPOSIT -> {
                long amount = y < 5 ? 0 : Math.max(1, Fixed.mulDiv(collateral, x, 1_000_000));
                yield signAccount(actor, new TxBody.LpDeposit(amount), op.mutation(), x, y);
            }
            case LP_WITHDRAW -> {
                long held = view == null ? 0 : view.lpShares();
                long shares = y < 10 ? Long.MAX_VALUE : y < 15 ? -1 : y < 50 ? Math.max(1, held)
                        : Math.max(1, Fixed.mulDiv(held, x * 12 / 10, 1_000_000));
                yield signAccount(actor, new TxBody.LpWithdraw(shares), op.mutation(), x, y);
            }
            case LIQUIDATE -> {
                Bytes32 target = y % 2 == 0 ? mostLeveraged(a) : op.other() % (traders + 1) == traders ? STRANGER.publicKey()
                        : TRADERS.get(op.other() % traders).publicKey();
                yield signAccount(actor, new TxBody.Liquidate(target), op.mutation(), x, y);
            }
            case REPLAY -> {
                if (accepted.isEmpty()) {
                    yield null;
                }
                SignedTransaction replay = accepted.get((int) (x % accepted.size()));
                replays.add(replay.hash());
                yield replay;
            }
            case ODD_REPORT -> oddReport(op, m, time);
            case STRANGER -> y % 2 == 0
                    ? sign(STRANGER, 1, 0, new TxBody.Withdraw(Units.USD_SCALE), true)
                    : sign(actor, 0, 0, new TxBody.Liquidate(STRANGER.publicKey()), true); // bad nonce or unknown target
        };
    }

    /** Leverage 0.1x–15x of the actor's equity, either side; sometimes a reduction or flip of the current position. */
    private long tradeSize(AccountView view, int m, long index, long x, int y) {
        long position = position(view, MARKET_IDS[m]);
        if (position != 0 && y % 10 < 3) {
            long size = -Fixed.mulDiv(position, x * 2, 1_000_000); // reduce (x < 0.5) or flip
            return size == 0 ? -Long.signum(position) : size;
        }
        long equity = view == null ? 1_000 * Units.USD_SCALE : Math.max(view.equityUsd(), 100 * Units.USD_SCALE);
        long leverageMilli = 100 + x * 12; // 0.1x .. 12.1x
        long notional = Fixed.mulDiv(equity, leverageMilli, 1_000 * 1_000);
        long size = Math.max(1, Math.min(Units.MAX_SIZE_E8, Fixed.mulDiv(notional, Units.SIZE_SCALE, index)));
        return y % 2 == 0 ? size : -size;
    }

    /** Limit kinds: 0 at the index (binds whenever there is any spread), 1 a 0.2 % band, 2 non-positive, else never binding. */
    private static long limit(long size, long index, int kind) {
        return switch (kind % 20) {
            case 0 -> index;
            case 1 -> size > 0 ? index + index / 500 : index - index / 500;
            case 2 -> -(kind % 2);
            default -> size > 0 ? Units.MAX_PRICE_USD : 1;
        };
    }

    private static long position(AccountView view, String marketId) {
        if (view == null) {
            return 0;
        }
        for (PositionView p : view.positions()) {
            if (p.marketId().equals(marketId)) {
                return p.sizeE8();
            }
        }
        return 0;
    }

    /** The account (other than the keeper) with the highest notional / equity, or the keeper itself if none. */
    private Bytes32 mostLeveraged(int keeper) {
        Bytes32 best = TRADERS.get(keeper).publicKey();
        double bestLeverage = -1;
        for (int i = 0; i < traders; i++) {
            if (i == keeper) {
                continue;
            }
            AccountView v = state.accountView(TRADERS.get(i).publicKey()).orElse(null);
            if (v == null || v.positions().isEmpty()) {
                continue;
            }
            double leverage = v.equityUsd() <= 0 ? Double.MAX_VALUE : (double) v.notionalUsd() / v.equityUsd();
            if (leverage > bestLeverage) {
                bestLeverage = leverage;
                best = v.key();
            }
        }
        return best;
    }

    private SignedTransaction oddReport(Op op, int m, long time) {
        int o = op.actor() % OPERATORS;
        KeyPair operator = LedgerFixtures.ORACLES.get(o);
        long price = honestPriceUsd[m];
        long last = lastReportMillis[m][o];
        long x = op.x();
        return switch (op.y() % 7) {
            case 0 -> sign(operator, 0, 0, new TxBody.OracleReport(UNKNOWN_MARKET, price, time), true);
            case 1 -> sign(operator, 0, 0, new TxBody.OracleReport(MARKET_IDS[m], price, time + 5_001 + x % 10_000), true);
            case 2 -> sign(operator, 0, 0, new TxBody.OracleReport(MARKET_IDS[m], price, last), true);
            case 3 -> sign(operator, 0, 0, new TxBody.OracleReport(MARKET_IDS[m], price, last - 1 - x % 1_000), true);
            case 4 -> sign(TRADERS.get(op.actor() % traders), 0, 0, new TxBody.OracleReport(MARKET_IDS[m], price, time), true);
            case 5 -> sign(operator, 0, 0, new TxBody.OracleReport(MARKET_IDS[m], x % 2 == 0 ? 0 : Units.MAX_PRICE_USD + 1,
                    Math.max(time, last + 1)), true);
            default -> sign(operator, 1, 0, new TxBody.OracleReport(MARKET_IDS[m], price, Math.max(time, last + 1)), true);
        };
    }

    private SignedTransaction signAuthority(TxBody.Deposit body, Mutation mutation, long x) {
        long nonce = nextAuthorityNonce;
        return switch (mutation) {
            case BAD_SIGNATURE -> sign(LedgerFixtures.AUTHORITY, nonce, 0, body, false, x);
            case NONCE_SKIP -> sign(LedgerFixtures.AUTHORITY, nonce + 1, 0, body, true);
            case NONCE_REUSE -> sign(LedgerFixtures.AUTHORITY, nonce - 1, 0, body, true);
            case PRIORITY_FEE -> sign(LedgerFixtures.AUTHORITY, nonce, 1, body, true);
            default -> {
                nextAuthorityNonce++;
                yield sequence(LedgerFixtures.AUTHORITY, sign(LedgerFixtures.AUTHORITY, nonce, 0, body, true));
            }
        };
    }

    private SignedTransaction signAccount(KeyPair signer, TxBody body, Mutation mutation, long x, int y) {
        long nonce = nextNonce.getOrDefault(signer.publicKey(), state.nonceOf(signer.publicKey()) + 1);
        return switch (mutation) {
            case BAD_SIGNATURE -> sign(signer, nonce, 0, body, false, x);
            case NONCE_SKIP -> sign(signer, nonce + 1 + x % 3, 0, body, true);
            case NONCE_REUSE -> sign(signer, nonce - 1, 0, body, true);
            case UNKNOWN_MARKET -> {
                TxBody spoiled = body instanceof TxBody.Trade t ? new TxBody.Trade(UNKNOWN_MARKET, t.sizeDeltaE8(), t.limitPriceUsd())
                        : body instanceof TxBody.ClosePosition c ? new TxBody.ClosePosition(UNKNOWN_MARKET, c.worstPriceUsd()) : null;
                if (spoiled == null) {
                    nextNonce.put(signer.publicKey(), nonce + 1);
                    yield sequence(signer, sign(signer, nonce, 0, body, true));
                }
                yield sign(signer, nonce, 0, spoiled, true);
            }
            case PRIORITY_FEE -> {
                long fee = y % 3 == 0 ? Long.MAX_VALUE : y % 3 == 1 ? -1 : (1 + x % 10) * Units.USD_SCALE;
                nextNonce.put(signer.publicKey(), nonce + 1);
                yield sequence(signer, sign(signer, nonce, fee, body, true));
            }
            default -> {
                nextNonce.put(signer.publicKey(), nonce + 1);
                yield sequence(signer, sign(signer, nonce, 0, body, true));
            }
        };
    }

    private SignedTransaction sequence(KeyPair key, SignedTransaction tx) {
        sequenced.put(tx.hash(), key);
        return tx;
    }

    private SignedTransaction sign(KeyPair key, long nonce, long fee, TxBody body, boolean valid) {
        return sign(key, nonce, fee, body, valid, 0);
    }

    /** Signs; an invalid signature has one bit of one byte flipped (position from {@code x}). */
    private SignedTransaction sign(KeyPair key, long nonce, long fee, TxBody body, boolean valid, long x) {
        SignedTransaction tx = SignedTransaction.sign(CHAIN_ID, key, nonce, fee, body);
        if (valid) {
            validHashes.add(tx.hash());
            return tx;
        }
        byte[] signature = tx.signature().toArray();
        signature[(int) (x % Signature.LENGTH)] ^= (byte) (1 << (x % 8));
        return new SignedTransaction(key.publicKey(), nonce, fee, body, Signature.wrap(signature));
    }
}
