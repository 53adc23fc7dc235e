package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.TxBody;
import org.junit.jupiter.api.Test;

class LiquidityPoolTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");

    @Test
    void sharesAtNavAndWithdrawalsKeepTheReserve() {
        // Pool 100,000 USD (100,000,000,000 protocol shares); reserve 20% of the larger OI side's notional.
        Chain chain = new Chain(LedgerFixtures.genesis().withFunds(usd(1_000_000), usd(100_000)));
        chain.block(chain.deposit(alice, usd(20_000)), chain.deposit(bob, usd(100_000)));
        Receipt deposit = chain.submit(chain.signed(alice, new TxBody.LpDeposit(usd(10_000))));
        TxEffect.LpDeposited minted = (TxEffect.LpDeposited) ((Receipt.Accepted) deposit).effect();
        // NAV 100,000 with 1e11 shares → 10,000 USD buys 1e10 shares.
        assertEquals(10_000_000_000L, minted.sharesMinted());
        assertEquals(usd(10_000), chain.collateral(alice));

        // Bob long 55 BTC at 10,000: reserve = 20% × 550,000 = 110,000 = NAV (110,000) → nothing can leave.
        chain.submit(chain.trade(bob, btc(55)));
        Receipt blocked = chain.submit(chain.signed(alice, new TxBody.LpWithdraw(1)));
        assertEquals(RejectCode.POOL_RESERVE, ((Receipt.Rejected) blocked).code());
        chain.resetNonce(alice);

        // Bob closes 5: reserve 100,000 → Alice can take her 10,000 out (NAV 110,000 → 100,000).
        chain.submit(chain.trade(bob, -btc(5)));
        Receipt out = chain.submit(chain.signed(alice, new TxBody.LpWithdraw(10_000_000_000L)));
        TxEffect.LpWithdrew withdrew = (TxEffect.LpWithdrew) ((Receipt.Accepted) out).effect();
        assertEquals(usd(10_000), withdrew.amountUsd());
        assertEquals(usd(20_000), chain.collateral(alice));
        assertEquals(0, chain.account(alice).lpShares());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void navFallsWhenTradersGain() {
        Chain chain = new Chain(LedgerFixtures.genesis().withFunds(usd(1_000_000), usd(100_000)));
        chain.block(chain.deposit(alice, usd(20_000)), chain.deposit(bob, usd(100_000)));
        chain.submit(chain.trade(bob, btc(10)));                 // basis 100,000
        chain.setPrice(usd(10_100));                              // Bob +1,000 → NAV 99,000
        assertEquals(usd(99_000), chain.state.poolNav());
        Receipt deposit = chain.submit(chain.signed(alice, new TxBody.LpDeposit(usd(9_900))));
        // 9,900 × 1e11 / 99,000 = 1e10 shares
        assertEquals(10_000_000_000L, ((TxEffect.LpDeposited) ((Receipt.Accepted) deposit).effect()).sharesMinted());
    }
}
