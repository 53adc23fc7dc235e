package io.ballast.cli;

import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.TransactionJson;

/** One-line human descriptions of receipts and ledger events. */
final class ReceiptText {
    private ReceiptText() {}

    static String describe(Receipt receipt) {
        String type = TransactionJson.typeName(receipt.transaction().body());
        String signer = receipt.transaction().signer().shortHex();
        if (receipt instanceof Receipt.Rejected rejected) {
            return type + " by " + signer + " REJECTED " + rejected.code() + ": " + rejected.reason();
        }
        TxEffect effect = ((Receipt.Accepted) receipt).effect();
        return type + " by " + signer + " ok: " + describe(effect);
    }

    static String describe(TxEffect effect) {
        if (effect instanceof TxEffect.Deposited d) {
            return "deposited " + usd(d.amountUsd()) + " to " + d.account().shortHex() + ", collateral " + usd(d.collateralAfterUsd());
        }
        if (effect instanceof TxEffect.Withdrew w) {
            return "withdrew " + usd(w.amountUsd()) + ", collateral " + usd(w.collateralAfterUsd());
        }
        if (effect instanceof TxEffect.Traded t) {
            return t.marketId() + " " + Units.formatSize(t.sizeDeltaE8()) + " @ " + usd(t.fillPriceUsd()) + " (index "
                    + usd(t.indexPriceUsd()) + ", spread " + t.spreadPpm() + " ppm, impact " + t.impactPpm()
                    + " ppm), position " + Units.formatSize(t.positionAfterE8()) + ", realized " + usd(t.realizedPnlUsd());
        }
        if (effect instanceof TxEffect.LpDeposited l) {
            return "LP deposit " + usd(l.amountUsd()) + " for " + l.sharesMinted() + " shares";
        }
        if (effect instanceof TxEffect.LpWithdrew l) {
            return "LP withdrew " + usd(l.amountUsd()) + " for " + l.sharesBurned() + " shares";
        }
        if (effect instanceof TxEffect.Liquidated l) {
            return (l.full() ? "fully" : "partially") + " liquidated " + l.target().shortHex() + ", keeper fee " + usd(l.liquidatorFeeUsd());
        }
        if (effect instanceof TxEffect.Bonded b) {
            return "bonded " + usd(b.amountUsd()) + ", bond " + usd(b.bondAfterUsd()) + ", collateral " + usd(b.collateralAfterUsd());
        }
        if (effect instanceof TxEffect.Unbonded u) {
            return "unbonding " + usd(u.amountUsd()) + " until height " + u.releaseHeight() + ", bond " + usd(u.bondAfterUsd());
        }
        if (effect instanceof TxEffect.WithdrewUnbonded w) {
            return "withdrew " + usd(w.amountUsd()) + " of unbonded stake, collateral " + usd(w.collateralAfterUsd());
        }
        if (effect instanceof TxEffect.Reported r) {
            return r.marketId() + " index " + usd(r.indexPriceUsd()) + (r.safeMode() ? " (safe mode)" : "");
        }
        return effect.toString();
    }

    static String describe(LedgerEvent event) {
        if (event instanceof LedgerEvent.PositionLiquidated p) {
            return "liquidated " + p.account().shortHex() + " " + p.marketId() + " " + Units.formatSize(p.closedSizeE8())
                    + " @ " + usd(p.executionPriceUsd()) + " (mark " + usd(p.markPriceUsd()) + ", slippage "
                    + p.slippagePpm() + " ppm" + (p.partial() ? ", partial" : "") + ")";
        }
        if (event instanceof LedgerEvent.InsuranceDraw d) {
            return "insurance paid " + usd(d.amountUsd()) + " for " + d.account().shortHex() + ", fund " + usd(d.insuranceAfterUsd());
        }
        if (event instanceof LedgerEvent.AutoDeleveraged a) {
            return "ADL closed " + a.account().shortHex() + " " + a.marketId() + " " + Units.formatSize(a.closedSizeE8())
                    + ", haircut " + usd(a.haircutUsd());
        }
        if (event instanceof LedgerEvent.SafeModeEntered s) {
            return s.marketId() + " entered safe mode: " + s.reason();
        }
        if (event instanceof LedgerEvent.SafeModeExited s) {
            return s.marketId() + " left safe mode at " + usd(s.indexPriceUsd());
        }
        if (event instanceof LedgerEvent.FundingApplied f) {
            return f.marketId() + " funding " + f.ratePpb() + " ppb x" + f.intervals();
        }
        if (event instanceof LedgerEvent.LiquidationFee f) {
            return "liquidation fee " + usd(f.feeUsd()) + " (keeper " + usd(f.liquidatorFeeUsd()) + ")";
        }
        if (event instanceof LedgerEvent.ValidatorSlashed v) {
            return "validator " + v.validator().shortHex() + " slashed for equivocation";
        }
        if (event instanceof LedgerEvent.PoolAbsorbedDeficit p) {
            return "pool absorbed " + usd(p.amountUsd()) + " deficit of " + p.account().shortHex();
        }
        return event.toString();
    }

    static String usd(long micro) {
        return Units.formatUsd(micro);
    }
}
