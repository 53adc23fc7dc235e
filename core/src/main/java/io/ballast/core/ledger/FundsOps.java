package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.math.Fixed;

/** Deposits, withdrawals and LP flows. Validate everything, then commit. */
final class FundsOps {
    private FundsOps() {}

    /** Deposits and listings: signed by the collateral authority, with its next nonce, without a fee. */
    static void requireAuthority(LedgerState state, SignedTransaction tx, String what) {
        if (!tx.signer().equals(state.genesis.collateralAuthority())) {
            throw new Rejection(RejectCode.NOT_AUTHORIZED, what + " are signed by the collateral authority");
        }
        if (tx.nonce() != state.authorityNonce + 1) {
            throw new Rejection(RejectCode.BAD_NONCE, "authority nonce " + tx.nonce() + ", expected " + (state.authorityNonce + 1));
        }
        if (tx.priorityFeeUsd() != 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, what + " carry no priority fee");
        }
    }

    static TxEffect deposit(LedgerState state, SignedTransaction tx, TxBody.Deposit deposit) {
        if (state.genesis.bridge().enabled()) {
            throw new Rejection(RejectCode.NOT_AUTHORIZED, "this chain mints collateral only with "
                    + state.genesis.bridge().threshold() + " attestations (AttestedDeposit)");
        }
        requireAuthority(state, tx, "deposits");
        return credit(state, tx, deposit.account(), deposit.amountUsd());
    }

    /**
     * A bridge deposit: the envelope's signer and the attestations must be genesis attestors, every attestation's
     * signature must verify over the deposit, and the distinct attestors (the signer included) must reach the
     * threshold; the envelope nonce is the bridge's deposit nonce (the authority nonce), no fee.
     */
    static TxEffect attestedDeposit(LedgerState state, SignedTransaction tx, TxBody.AttestedDeposit deposit) {
        BridgeParams bridge = state.genesis.bridge();
        if (!bridge.enabled()) {
            throw new Rejection(RejectCode.NOT_AUTHORIZED, "this chain has no bridge: its collateral authority signs deposits");
        }
        if (!bridge.attestors().contains(tx.signer())) {
            throw new Rejection(RejectCode.NOT_ATTESTOR, tx.signer().shortHex() + " is not a bridge attestor");
        }
        if (tx.nonce() != state.authorityNonce + 1) {
            throw new Rejection(RejectCode.BAD_NONCE, "deposit nonce " + tx.nonce() + ", expected " + (state.authorityNonce + 1));
        }
        if (tx.priorityFeeUsd() != 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "deposits carry no priority fee");
        }
        byte[] message = TxBody.AttestedDeposit.attestationMessage(state.genesis.chainId(), tx.nonce(), deposit.account(),
                deposit.amountUsd());
        java.util.Set<Bytes32> signed = new java.util.HashSet<>();
        signed.add(tx.signer());
        for (TxBody.Attestation attestation : deposit.attestations()) {
            if (!bridge.attestors().contains(attestation.attestor())) {
                throw new Rejection(RejectCode.NOT_ATTESTOR, attestation.attestor().shortHex() + " is not a bridge attestor");
            }
            if (!io.ballast.core.crypto.Ed25519.verify(attestation.attestor(), message, attestation.signature())) {
                throw new Rejection(RejectCode.BAD_SIGNATURE, "the attestation of " + attestation.attestor().shortHex()
                        + " does not verify over this deposit");
            }
            signed.add(attestation.attestor());
        }
        if (signed.size() < bridge.threshold()) {
            throw new Rejection(RejectCode.ATTESTATION_BELOW_THRESHOLD, signed.size() + " distinct attestors signed, "
                    + bridge.threshold() + " needed");
        }
        return credit(state, tx, deposit.account(), deposit.amountUsd());
    }

    /** Credits external collateral (checks of the signer are the caller's). */
    private static TxEffect credit(LedgerState state, SignedTransaction tx, Bytes32 key, long amountUsd) {
        if (amountUsd <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "deposit amount must be positive");
        }
        if (key.equals(Bytes32.ZERO)) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "the zero key is reserved for the protocol");
        }
        Account account = state.account(key);
        boolean create = account == null;
        if (create && state.accounts.size() >= state.genesis.limits().maxAccounts()) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "account limit " + state.genesis.limits().maxAccounts() + " reached");
        }
        long newCollateral = Math.addExact(create ? 0 : account.collateralUsd, amountUsd);
        long newNetDeposits = Math.addExact(state.netDepositsUsd, amountUsd);
        Math.addExact(state.totalCollateralUsd, amountUsd);

        if (create) {
            account = state.createAccount(key);
        }
        state.authorityNonce = tx.nonce();
        state.netDepositsUsd = newNetDeposits;
        state.setCollateral(account, newCollateral);
        return new TxEffect.Deposited(key, amountUsd, create, newCollateral);
    }

    static TxEffect withdraw(LedgerState state, Account account, long nonce, long feeUsd, long amountUsd) {
        if (amountUsd <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "withdrawal amount must be positive");
        }
        long newCollateral = debitCollateral(state, account, amountUsd, feeUsd);
        long newNetDeposits = Math.subtractExact(state.netDepositsUsd, amountUsd);
        long newInsurance = Math.addExact(state.insuranceFundUsd, feeUsd);

        account.nonce = nonce;
        state.netDepositsUsd = newNetDeposits;
        state.setCollateral(account, newCollateral);
        state.setInsuranceFund(newInsurance);
        return new TxEffect.Withdrew(amountUsd, newCollateral);
    }

    static TxEffect lpDeposit(LedgerState state, Account account, long nonce, long feeUsd, long amountUsd) {
        if (amountUsd <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "LP deposit amount must be positive");
        }
        requireFreshMarkets(state);
        long newCollateral = debitCollateral(state, account, amountUsd, feeUsd);
        long nav = state.poolNavUsd();
        long shares;
        if (state.poolTotalShares == 0) {
            shares = amountUsd;
        } else if (nav <= 0) {
            throw new Rejection(RejectCode.POOL_RESERVE, "pool NAV " + Units.formatUsd(nav) + " is not positive");
        } else {
            shares = Fixed.mulDiv(amountUsd, state.poolTotalShares, nav);
        }
        if (shares <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "amount buys no share");
        }
        long newPoolCash = Math.addExact(state.poolCashUsd, amountUsd);
        long newTotalShares = Math.addExact(state.poolTotalShares, shares);
        long newAccountShares = Math.addExact(account.lpShares, shares);
        long newInsurance = Math.addExact(state.insuranceFundUsd, feeUsd);

        account.nonce = nonce;
        account.lpShares = newAccountShares;
        state.setCollateral(account, newCollateral);
        state.setPoolCash(newPoolCash);
        state.setInsuranceFund(newInsurance);
        state.poolTotalShares = newTotalShares;
        return new TxEffect.LpDeposited(amountUsd, shares, nav);
    }

    static TxEffect lpWithdraw(LedgerState state, Account account, long nonce, long feeUsd, long shares) {
        if (shares <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "share count must be positive");
        }
        if (shares > account.lpShares) {
            throw new Rejection(RejectCode.INSUFFICIENT_COLLATERAL, "account holds " + account.lpShares + " LP shares");
        }
        requireFreshMarkets(state);
        long nav = state.poolNavUsd();
        long amount = nav <= 0 ? 0 : Fixed.mulDiv(shares, nav, state.poolTotalShares);
        long reserve = state.poolReserveUsd();
        if (Math.subtractExact(nav, amount) < reserve || amount > state.poolCashUsd) {
            throw new Rejection(RejectCode.POOL_RESERVE, "withdrawing " + Units.formatUsd(amount) + " would leave NAV "
                    + Units.formatUsd(nav - amount) + " below the reserve " + Units.formatUsd(reserve)
                    + " (or exceed pool cash)");
        }
        long newCollateral = Math.subtractExact(Math.addExact(account.collateralUsd, amount), feeUsd);
        if (newCollateral < 0) {
            throw new Rejection(RejectCode.INSUFFICIENT_COLLATERAL, "cannot pay the priority fee");
        }
        Math.addExact(state.totalCollateralUsd, Math.subtractExact(newCollateral, account.collateralUsd));
        long newInsurance = Math.addExact(state.insuranceFundUsd, feeUsd);

        account.nonce = nonce;
        account.lpShares -= shares;
        state.poolTotalShares -= shares;
        state.setCollateral(account, newCollateral);
        state.setPoolCash(state.poolCashUsd - amount);
        state.setInsuranceFund(newInsurance);
        return new TxEffect.LpWithdrew(shares, amount, nav);
    }

    /**
     * collateral − amount − fee, which must be ≥ 0 and keep the account at or above initial margin
     * (stale markets valued at their last fresh price stressed against the position).
     */
    static long debitCollateral(LedgerState state, Account account, long amountUsd, long feeUsd) {
        long newCollateral = Math.subtractExact(Math.subtractExact(account.collateralUsd, amountUsd), feeUsd);
        if (newCollateral < 0) {
            throw new Rejection(RejectCode.INSUFFICIENT_COLLATERAL, "collateral " + Units.formatUsd(account.collateralUsd)
                    + " < amount " + Units.formatUsd(amountUsd) + " + fee " + Units.formatUsd(feeUsd));
        }
        if (account.hasPositions()) {
            Margin margin = state.margin.evaluateAny(state, account, newCollateral, -1, 0, 0, 0, Margin.STRESS_STALE);
            if (margin.equityUsd < margin.initialMarginUsd) {
                throw new Rejection(RejectCode.INSUFFICIENT_MARGIN, "equity after " + Units.formatUsd(margin.equityUsd)
                        + " below initial margin " + Units.formatUsd(margin.initialMarginUsd)
                        + (margin.touchesStaleMarket || margin.touchesStaleVolatility ? " (safe-mode markets stressed)" : ""));
            }
        }
        return newCollateral;
    }

    private static void requireFreshMarkets(LedgerState state) {
        if (state.anyMarketStale()) {
            throw new Rejection(RejectCode.STALE_INDEX, "a market is in safe mode: pool NAV is uncertain");
        }
    }
}
