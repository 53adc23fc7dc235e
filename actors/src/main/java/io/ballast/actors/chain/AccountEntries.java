package io.ballast.actors.chain;

import io.ballast.actors.chain.LedgerEntry.Kind;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.OptionPositionView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.TxEffect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one executed block into per-account entries (block-start settlements, receipts' effects,
 * their ledger events and the block-end liquidation events), in block order, plus each touched account's balances after
 * the block. Called by a validator right after execution, when {@code state} is the state after
 * the block. Pure: no clock, no I/O.
 */
public final class AccountEntries {
    private final long height;
    private final Map<Bytes32, List<LedgerEntry>> byAccount = new LinkedHashMap<>();

    private AccountEntries(long height) {
        this.height = height;
    }

    /** One {@link AccountBlock} per account the block touched, in first-touch order. */
    public static List<AccountBlock> of(long height, long blockTimeMillis, BlockResult result, LedgerState state) {
        AccountEntries entries = new AccountEntries(height);
        for (LedgerEvent event : result.startEvents()) {
            entries.event(event, -1, ""); // block start: option settlements at expiry
        }
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted accepted) {
                entries.accepted(accepted);
            }
        }
        int index = result.receipts().size();
        for (LedgerEvent event : result.endEvents()) {
            entries.event(event, index++, "");
        }
        List<AccountBlock> blocks = new ArrayList<>(entries.byAccount.size());
        entries.byAccount.forEach((key, list) -> state.accountView(key).ifPresent(view ->
                blocks.add(new AccountBlock(key.toHex(), height, blockTimeMillis, list, balances(view)))));
        return blocks;
    }

    /** Every account with positions (perpetual or option) whose equity is below 1.5 × maintenance margin after the block. O(accounts). */
    public static List<MarginLevel> marginCalls(long height, LedgerState state) {
        List<MarginLevel> calls = new ArrayList<>();
        for (Bytes32 key : state.accountKeys()) {
            AccountView view = state.accountView(key).orElseThrow();
            if ((!view.positions().isEmpty() || !view.optionPositions().isEmpty()) && MarginLevel.isMarginCall(view.equityUsd(), view.maintenanceMarginUsd())) {
                calls.add(new MarginLevel(key.toHex(), height, view.equityUsd(), view.maintenanceMarginUsd()));
            }
        }
        return calls;
    }

    public static AccountBalances balances(AccountView view) {
        List<AccountBalances.Position> positions = new ArrayList<>(view.positions().size());
        for (PositionView p : view.positions()) {
            positions.add(new AccountBalances.Position(p.marketId(), p.sizeE8(), p.basisUsd()));
        }
        List<AccountBalances.OptionPosition> options = new ArrayList<>(view.optionPositions().size());
        for (OptionPositionView o : view.optionPositions()) {
            options.add(new AccountBalances.OptionPosition(o.seriesId(), o.sizeE8(), o.premiumBasisUsd()));
        }
        return new AccountBalances(view.nonce(), view.collateralUsd(), view.equityUsd(), view.initialMarginUsd(),
                view.maintenanceMarginUsd(), positions, options);
    }

    private void accepted(Receipt.Accepted receipt) {
        Bytes32 signer = receipt.transaction().signer();
        String tx = receipt.txHash().toHex();
        int index = receipt.index();
        TxEffect effect = receipt.effect();
        if (effect instanceof TxEffect.Deposited d) {
            add(d.account(), index, Kind.DEPOSIT, "", 0, 0, d.amountUsd(), "", tx);
        } else if (effect instanceof TxEffect.Withdrew w) {
            add(signer, index, Kind.WITHDRAWAL, "", 0, 0, w.amountUsd(), "", tx);
        } else if (effect instanceof TxEffect.Traded t) {
            add(signer, index, Kind.FILL, t.marketId(), t.sizeDeltaE8(), t.fillPriceUsd(), t.realizedPnlUsd(), "", tx);
            if (t.fundingPaidUsd() != 0) {
                add(signer, index, Kind.FUNDING, t.marketId(), 0, 0, t.fundingPaidUsd(), "", tx);
            }
        } else if (effect instanceof TxEffect.OptionTraded o) {
            add(signer, index, Kind.FILL, o.seriesId(), o.sizeDeltaE8(), o.fillPriceUsd(), o.realizedPnlUsd(), "", tx);
        } else if (effect instanceof TxEffect.LpDeposited lp) {
            add(signer, index, Kind.LP_DEPOSIT, "", lp.sharesMinted(), 0, lp.amountUsd(), "", tx);
        } else if (effect instanceof TxEffect.LpWithdrew lp) {
            add(signer, index, Kind.LP_WITHDRAWAL, "", lp.sharesBurned(), 0, lp.amountUsd(), "", tx);
        } else if (effect instanceof TxEffect.Liquidated l) {
            add(signer, index, Kind.KEEPER_LIQUIDATION, "", 0, 0, l.liquidatorFeeUsd(), l.target().toHex(), tx);
        } else if (effect instanceof TxEffect.Bonded b) {
            add(signer, index, Kind.BOND, "", 0, 0, b.amountUsd(), "", tx);
        } else if (effect instanceof TxEffect.Unbonded u) {
            add(signer, index, Kind.UNBOND, "", 0, 0, u.amountUsd(), "", tx);
        } else if (effect instanceof TxEffect.WithdrewUnbonded w) {
            add(signer, index, Kind.UNBONDED_WITHDRAWAL, "", 0, 0, w.amountUsd(), "", tx);
        } else {
            add(signer, index, Kind.OTHER, "", 0, 0, 0, "", tx);
        }
        if (receipt.priorityFeeUsd() > 0) {
            add(signer, index, Kind.PRIORITY_FEE, "", 0, 0, receipt.priorityFeeUsd(), "", tx);
        }
        for (LedgerEvent event : receipt.events()) {
            event(event, index, tx);
        }
    }

    private void event(LedgerEvent event, int index, String tx) {
        if (event instanceof LedgerEvent.PositionLiquidated p) {
            add(p.account(), index, Kind.LIQUIDATED, p.marketId(), p.closedSizeE8(), p.executionPriceUsd(),
                    p.realizedPnlUsd(), "", tx);
        } else if (event instanceof LedgerEvent.LiquidationFee f) {
            add(f.account(), index, Kind.LIQUIDATION_FEE, "", 0, 0, f.feeUsd(),
                    f.liquidator().equals(LedgerEvent.PROTOCOL) ? "" : f.liquidator().toHex(), tx);
        } else if (event instanceof LedgerEvent.InsuranceDraw d) {
            add(d.account(), index, Kind.INSURANCE_DRAW, "", 0, 0, d.amountUsd(), "", tx);
        } else if (event instanceof LedgerEvent.AutoDeleveraged a) {
            add(a.account(), index, Kind.ADL, a.marketId(), a.closedSizeE8(), a.markPriceUsd(),
                    a.realizedProfitUsd() - a.haircutUsd(), a.bankrupt().toHex(), tx);
        } else if (event instanceof LedgerEvent.LiquidationHedge h) {
            add(h.account(), index, Kind.LIQUIDATION_HEDGE, h.marketId(), h.sizeE8(), h.executionPriceUsd(), 0, "", tx);
        } else if (event instanceof LedgerEvent.OptionPositionSettled s) {
            add(s.account(), index, Kind.OPTION_SETTLED, s.seriesId(), s.sizeE8(), 0, s.realizedPnlUsd(), "", tx);
        } else if (event instanceof LedgerEvent.PoolAbsorbedDeficit d) {
            add(d.account(), index, Kind.POOL_ABSORBED, "", 0, 0, d.amountUsd(), "", tx);
        } else if (event instanceof LedgerEvent.ValidatorRewarded r) {
            add(r.account(), index, Kind.VALIDATOR_REWARD, "", 0, 0, r.rewardUsd(), "", tx);
        } else if (event instanceof LedgerEvent.StakeSlashed s) {
            add(s.validator(), index, Kind.STAKE_SLASHED, "", 0, 0, s.slashedUsd(), "", tx); // kept only if it has an account
        }
        // funding index moves, safe mode, elections and jailing are market- or set-level: no account entry
    }

    private void add(Bytes32 account, int index, Kind kind, String marketId, long sizeE8, long priceUsd,
                     long amountUsd, String counterparty, String tx) {
        byAccount.computeIfAbsent(account, k -> new ArrayList<>())
                .add(new LedgerEntry(height, index, kind, marketId, sizeE8, priceUsd, amountUsd, counterparty, tx));
    }
}
