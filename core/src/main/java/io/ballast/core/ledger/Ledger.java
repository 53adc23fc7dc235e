package io.ballast.core.ledger;

import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The deterministic clearing engine: {@code apply(state, block) -> (state', receipts, stateRoot)}.
 * Stateless apart from its {@link SignatureCheck}; one instance can serve any number of states.
 *
 * <p>Order within a block: (1) block start: every market's index is re-aggregated at the block
 * time (safe mode entered/left), funding intervals crossed are charged, spreads are recomputed;
 * (2) transactions in block order, each accepted or rejected (a rejected one changes nothing);
 * (3) block end: accounts below maintenance margin are liquidated in account creation order, at most
 * {@code maxLiquidationsPerBlock}, and at an epoch's second-to-last block (with staking) the next set is
 * elected; (4) the conservation invariant is checked and the root computed.
 */
public final class Ledger {
    private final SignatureCheck signatureCheck;
    private final LiquidationObserver liquidationObserver;

    public Ledger(SignatureCheck signatureCheck) {
        this(signatureCheck, LiquidationObserver.NONE);
    }

    /** A ledger that shows {@code observer} every account right before it liquidates it. */
    public Ledger(SignatureCheck signatureCheck, LiquidationObserver observer) {
        this.signatureCheck = Objects.requireNonNull(signatureCheck, "signatureCheck");
        this.liquidationObserver = Objects.requireNonNull(observer, "observer");
    }

    /** A ledger that verifies every signature. */
    public static Ledger verifying() {
        return new Ledger(SignatureCheck.verifyEveryTime());
    }

    /**
     * Applies {@code block} to {@code state}, mutating it in place.
     *
     * @throws IllegalArgumentException if the block does not follow the state (height, time going
     *         backwards, too many transactions); the state is then unchanged
     * @throws IllegalStateException    if an always-on invariant fails: the state is then corrupt and
     *         the node must halt (this is a bug, never a consequence of transaction content)
     */
    public BlockResult apply(LedgerState state, LedgerBlock block) {
        if (block.height() != state.height + 1) {
            throw new IllegalArgumentException("block height " + block.height() + " does not follow " + state.height);
        }
        if (block.timeMillis() < state.timeMillis) {
            throw new IllegalArgumentException("block time " + block.timeMillis() + " before state time " + state.timeMillis);
        }
        int maxTransactions = state.genesis.limits().maxTransactionsPerBlock();
        if (block.transactions().size() > maxTransactions) {
            throw new IllegalArgumentException(block.transactions().size() + " transactions exceed " + maxTransactions);
        }
        List<LedgerEvent> startEvents = beginBlock(state, block);
        List<SignedTransaction> transactions = block.transactions();
        List<Receipt> receipts = new ArrayList<>(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            receipts.add(applyTransaction(state, i, transactions.get(i)));
        }
        List<LedgerEvent> endEvents = new ArrayList<>(Liquidation.liquidateAtBlockEnd(state, liquidationObserver));
        Rewards.collect(state, receipts, endEvents);
        if (state.genesis.electsAfter(block.height())) {
            ElectionOutcome outcome = state.validators.elect();
            List<ValidatorInfo> elected = state.validators.active();
            long power = 0;
            for (ValidatorInfo v : elected) {
                power = Math.addExact(power, v.stake());
            }
            endEvents.add(new LedgerEvent.ValidatorsElected(outcome, elected.size(), power));
        }
        state.checkConservation();
        return new BlockResult(block.height(), receipts, startEvents, endEvents, state.stateRoot());
    }

    private static List<LedgerEvent> beginBlock(LedgerState state, LedgerBlock block) {
        long previousTimeMillis = state.timeMillis;
        state.height = block.height();
        state.timeMillis = block.timeMillis();
        state.blockCongestionPpm = block.congestionPpm();
        state.blockFinalityMillis = block.recentFinalityMillis();
        state.markGlobalsDirty();
        List<LedgerEvent> events = new ArrayList<>();
        Slashing.blockEvidence(state, block.equivocations(), events);
        Slashing.downtime(state, block.lastCommit(), events);
        Rewards.pay(state, block.lastCommit(), events);
        if (state.genesis.startsEpoch(block.height())) {
            state.validators.startEpoch();
        }
        for (MarketState market : state.markets) {
            boolean wasFresh = market.fresh;
            long previousIndexUsd = market.indexPriceUsd;
            OracleOps.reevaluate(state, market, events);
            if (market.hasOptions()) {
                OptionOps.reevaluateVol(state, market, events);
            }
            Funding.applyIntervals(market, state.timeMillis, events);
            if (market.hasOptions()) {
                Settlement.advance(state, market, wasFresh, previousIndexUsd, previousTimeMillis, events);
            }
        }
        return events;
    }

    private Receipt applyTransaction(LedgerState state, int index, SignedTransaction tx) {
        List<LedgerEvent> events = new ArrayList<>(0);
        try {
            if (!signatureCheck.isValid(tx, state.genesis.chainId())) {
                return rejected(index, tx, RejectCode.BAD_SIGNATURE, "signature does not verify for the signer");
            }
            TxEffect effect = dispatch(state, tx, events);
            return new Receipt.Accepted(index, tx, effect, tx.priorityFeeUsd(), events);
        } catch (Rejection rejection) {
            return rejected(index, tx, rejection.code, rejection.getMessage());
        } catch (ArithmeticException overflow) {
            return rejected(index, tx, RejectCode.OVERFLOW, "arithmetic overflow: " + overflow.getMessage());
        }
    }

    private TxEffect dispatch(LedgerState state, SignedTransaction tx, List<LedgerEvent> events) {
        TxBody body = tx.body();
        if (body instanceof TxBody.Deposit deposit) {
            return FundsOps.deposit(state, tx, deposit);
        }
        if (body instanceof TxBody.AttestedDeposit deposit) {
            return FundsOps.attestedDeposit(state, tx, deposit);
        }
        if (body instanceof TxBody.OracleReport report) {
            return OracleOps.report(state, tx, report, events);
        }
        if (body instanceof TxBody.ListOption listing) {
            return OptionOps.list(state, tx, listing);
        }
        if (body instanceof TxBody.VolReport report) {
            return OptionOps.volReport(state, tx, report, events);
        }
        Account account = state.account(tx.signer());
        if (account == null) {
            throw new Rejection(RejectCode.UNKNOWN_ACCOUNT, "signer has no account (accounts are created by a deposit)");
        }
        long nonce = tx.nonce();
        if (nonce != account.nonce + 1) {
            throw new Rejection(RejectCode.BAD_NONCE, "nonce " + nonce + ", expected " + (account.nonce + 1));
        }
        long fee = tx.priorityFeeUsd();
        if (fee < 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "negative priority fee");
        }
        if (body instanceof TxBody.Trade trade) {
            SeriesState series = optionSeries(state, trade.marketId());
            if (series != null) {
                return OptionOps.trade(state, account, nonce, fee, series, trade.sizeDeltaE8(), trade.limitPriceUsd());
            }
            return TradeOps.trade(state, account, nonce, fee, market(state, trade.marketId()), trade.sizeDeltaE8(),
                    trade.limitPriceUsd());
        }
        if (body instanceof TxBody.ClosePosition close) {
            SeriesState series = optionSeries(state, close.marketId());
            if (series != null) {
                long size = account.optionSize(series.number);
                if (size == 0) {
                    throw new Rejection(RejectCode.NO_POSITION, "no position in " + close.marketId());
                }
                return OptionOps.trade(state, account, nonce, fee, series, -size, close.worstPriceUsd());
            }
            int m = market(state, close.marketId());
            long size = account.sizeE8[m];
            if (size == 0) {
                throw new Rejection(RejectCode.NO_POSITION, "no position in " + close.marketId());
            }
            return TradeOps.trade(state, account, nonce, fee, m, -size, close.worstPriceUsd());
        }
        if (body instanceof TxBody.Withdraw withdraw) {
            return FundsOps.withdraw(state, account, nonce, fee, withdraw.amountUsd());
        }
        if (body instanceof TxBody.LpDeposit lp) {
            return FundsOps.lpDeposit(state, account, nonce, fee, lp.amountUsd());
        }
        if (body instanceof TxBody.LpWithdraw lp) {
            return FundsOps.lpWithdraw(state, account, nonce, fee, lp.shares());
        }
        if (body instanceof TxBody.Liquidate liquidate) {
            return liquidate(state, account, nonce, fee, liquidate, events);
        }
        if (body instanceof TxBody.BondStake bond) {
            return StakeOps.bond(state, account, nonce, fee, bond.amountUsd());
        }
        if (body instanceof TxBody.Unbond unbond) {
            return StakeOps.unbond(state, account, nonce, fee, unbond.amountUsd());
        }
        if (body instanceof TxBody.WithdrawUnbonded) {
            return StakeOps.withdrawUnbonded(state, account, nonce, fee);
        }
        if (body instanceof TxBody.Unjail) {
            return StakeOps.unjail(state, account, nonce, fee);
        }
        if (body instanceof TxBody.ReportEquivocation report) {
            return Slashing.report(state, account, nonce, fee, report, events);
        }
        throw new IllegalStateException("unhandled transaction body " + body.getClass());
    }

    private TxEffect liquidate(LedgerState state, Account keeper, long nonce, long fee, TxBody.Liquidate body,
                               List<LedgerEvent> events) {
        Account target = state.account(body.targetAccount());
        if (target == null) {
            throw new Rejection(RejectCode.UNKNOWN_ACCOUNT, "no account " + body.targetAccount().shortHex());
        }
        if (target == keeper) {
            throw new Rejection(RejectCode.NOT_AUTHORIZED, "an account cannot liquidate itself");
        }
        Margin margin = state.margin;
        if (!target.hasPositions()) {
            throw new Rejection(RejectCode.NOT_LIQUIDATABLE, "target has no position");
        }
        margin.evaluate(state, target, Margin.AT_INDEX);
        if (margin.touchesStaleMarket) {
            throw new Rejection(RejectCode.STALE_INDEX, "target has a position in a safe-mode market: no liquidation");
        }
        if (margin.touchesStaleVolatility) {
            throw new Rejection(RejectCode.STALE_VOLATILITY, "target holds options on a market whose vol index is stale:"
                    + " no liquidation");
        }
        if (margin.equityUsd >= margin.maintenanceMarginUsd) {
            throw new Rejection(RejectCode.NOT_LIQUIDATABLE, "equity " + Units.formatUsd(margin.equityUsd)
                    + " ≥ maintenance " + Units.formatUsd(margin.maintenanceMarginUsd));
        }
        if (Liquidation.guardSpares(state, target, margin)) {
            throw new Rejection(RejectCode.NOT_LIQUIDATABLE, "equity " + Units.formatUsd(margin.equityUsd)
                    + " is within the liquidation guard band (" + Units.formatUsd(Margin.guardAllowanceUsd(state, target))
                    + ") of maintenance " + Units.formatUsd(margin.maintenanceMarginUsd));
        }
        if (keeper.collateralUsd < fee) {
            throw new Rejection(RejectCode.INSUFFICIENT_COLLATERAL, "cannot pay the priority fee");
        }
        Math.addExact(state.insuranceFundUsd, fee);
        liquidationObserver.beforeLiquidation(state, target.key, true);
        Liquidation liquidation = new Liquidation(state, state.blockCongestionPpm);
        try {
            liquidation.touch(keeper);
            keeper.nonce = nonce;
            state.setCollateral(keeper, keeper.collateralUsd - fee);
            state.setInsuranceFund(state.insuranceFundUsd + fee);
            liquidation.execute(target, keeper);
        } catch (ArithmeticException overflow) {
            liquidation.rollback();
            throw new Rejection(RejectCode.OVERFLOW, "arithmetic overflow during liquidation: " + overflow.getMessage());
        }
        events.addAll(liquidation.events);
        return new TxEffect.Liquidated(target.key, liquidation.full, liquidation.liquidatorFeeUsd);
    }

    /** The live series with this id, unless a perpetual market has it; null otherwise. */
    private static SeriesState optionSeries(LedgerState state, String id) {
        return state.marketOrdinal(id) >= 0 ? null : state.series(id);
    }

    private static int market(LedgerState state, String id) {
        int m = state.marketOrdinal(id);
        if (m < 0) {
            throw new Rejection(RejectCode.UNKNOWN_MARKET, "no market " + id);
        }
        return m;
    }

    private static Receipt rejected(int index, SignedTransaction tx, RejectCode code, String reason) {
        return new Receipt.Rejected(index, tx, code, reason);
    }
}
