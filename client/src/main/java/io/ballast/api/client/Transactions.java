package io.ballast.api.client;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;

/**
 * Builds and signs transactions for one chain. Amounts are decimal strings ("12.5" USD, "-0.25" base units),
 * parsed exactly (at most 6 decimals for USD, 8 for sizes). Nonces: the signer's account nonce + 1
 * ({@link BallastClient#nextNonce}); oracle reports use nonce 0 and a strictly increasing timestamp.
 */
public record Transactions(String chainId) {
    public SignedTransaction deposit(KeyPair authority, long authorityNonce, Bytes32 account, String amountUsd) {
        return SignedTransaction.sign(chainId, authority, authorityNonce, new TxBody.Deposit(account, Units.parseUsd(amountUsd)));
    }

    public SignedTransaction withdraw(KeyPair trader, long nonce, String amountUsd) {
        return SignedTransaction.sign(chainId, trader, nonce, new TxBody.Withdraw(Units.parseUsd(amountUsd)));
    }

    /** @param size positive buys, negative sells (base units) @param limitPriceUsd worst acceptable fill */
    public SignedTransaction trade(KeyPair trader, long nonce, String market, String size, String limitPriceUsd) {
        return SignedTransaction.sign(chainId, trader, nonce,
                new TxBody.Trade(market, Units.parseSize(size), Units.parseUsd(limitPriceUsd)));
    }

    public SignedTransaction close(KeyPair trader, long nonce, String market, String worstPriceUsd) {
        return SignedTransaction.sign(chainId, trader, nonce,
                new TxBody.ClosePosition(market, Units.parseUsd(worstPriceUsd)));
    }

    public SignedTransaction oracleReport(KeyPair operator, String market, String priceUsd, long timestampMillis) {
        return SignedTransaction.sign(chainId, operator, 0,
                new TxBody.OracleReport(market, Units.parseUsd(priceUsd), timestampMillis));
    }
}
