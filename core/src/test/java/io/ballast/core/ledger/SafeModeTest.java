package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.SignedTransaction;
import org.junit.jupiter.api.Test;

class SafeModeTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair keeper = LedgerFixtures.key("keeper");

    private static RejectCode code(Receipt receipt) {
        return ((Receipt.Rejected) receipt).code();
    }

    @Test
    void staleIndexBlocksRiskButAllowsClosingAndStressedWithdrawals() {
        Chain chain = new Chain(LedgerFixtures.genesis()); // 10 s freshness, 10% stress buffer
        chain.block(chain.deposit(alice, usd(3_000)), chain.deposit(keeper, usd(100)));
        chain.submit(chain.trade(alice, btc(1)));                  // long 1 at 10,000

        // No report for 20 s: the genesis reports are too old → safe mode at block start.
        BlockResult stale = chain.blockAt(LedgerFixtures.GENESIS_TIME_MILLIS + 20_000);
        assertTrue(stale.startEvents().get(0) instanceof LedgerEvent.SafeModeEntered, stale.startEvents().toString());
        MarketView view = chain.state.marketView(LedgerFixtures.BTC).orElseThrow();
        assertTrue(view.safeMode());
        assertEquals(usd(10_000), view.indexPriceUsd());
        assertEquals(20_000, view.indexAgeMillis());

        assertEquals(RejectCode.STALE_INDEX, code(chain.submit(chain.trade(alice, btc(1) / 10))));
        chain.resetNonce(alice);
        assertEquals(RejectCode.STALE_INDEX, code(chain.submit(chain.liquidate(keeper, alice))));
        // Withdrawals: the long is valued at 10,000 × (1 − 10%) = 9,000 → equity 3,000 − 1,000 = 2,000,
        // IM 900 → at most 1,100 can leave (2,000 could at the unstressed last price).
        assertEquals(RejectCode.INSUFFICIENT_MARGIN, code(chain.submit(chain.withdraw(alice, usd(1_101)))));
        chain.resetNonce(alice);
        assertTrue(chain.submit(chain.withdraw(alice, usd(1_100))).accepted());
        // Closing works at the last fresh price (± spread, 0 here).
        Receipt close = chain.submit(chain.close(alice));
        assertEquals(usd(10_000), ((TxEffect.Traded) ((Receipt.Accepted) close).effect()).fillPriceUsd());
        assertEquals(usd(1_900), chain.collateral(alice));

        // Fresh reports end safe mode by themselves.
        BlockResult back = chain.setPrice(usd(10_500));
        Receipt.Accepted report = (Receipt.Accepted) back.receipts().get(0);
        assertTrue(report.events().get(0) instanceof LedgerEvent.SafeModeExited);
        assertFalse(chain.state.marketView(LedgerFixtures.BTC).orElseThrow().safeMode());
        assertTrue(chain.submit(chain.trade(alice, btc(1) / 10)).accepted());
    }

    @Test
    void noLiquidationWhileAnyOfTheAccountsMarketsIsStale() {
        // BTC needs reports every 10 s; ETH's window is an hour. Both start at 10,000.
        MarketParams eth = LedgerFixtures.simpleMarket().id("ETH-PERP")
                .oracle(new io.ballast.core.oracle.OracleRuleParams(1, 3_600_000, 3_000_000)).build();
        Chain chain = new Chain(LedgerFixtures.genesis(LedgerFixtures.simpleMarket().build(), eth));
        chain.block(chain.deposit(alice, usd(2_000)));
        // Long 1 BTC and 1 ETH: IM 1,000 + 1,000 = equity 2,000.
        chain.block(chain.trade(alice, btc(1)), chain.trade(alice, "ETH-PERP", btc(1), Units.MAX_PRICE_USD));
        // 20 s later BTC is stale; ETH crashes to 8,000 → equity 0 < MM, but BTC cannot be valued.
        long t = LedgerFixtures.GENESIS_TIME_MILLIS + 20_000;
        SignedTransaction[] ethCrash = LedgerFixtures.ORACLES.stream()
                .map(oracle -> chain.report(oracle, "ETH-PERP", usd(8_000), t)).toArray(SignedTransaction[]::new);
        BlockResult crash = chain.blockAt(t, ethCrash);
        assertTrue(crash.endEvents().isEmpty(), crash.endEvents().toString());
        assertFalse(chain.account(alice).liquidatable());
        assertEquals(0, chain.account(alice).equityUsd()); // 2,000 − 2,000 on ETH, BTC flat
        // BTC reports return: now the account is liquidated at block end.
        BlockResult fresh = chain.blockAt(t + 1_000, chain.report(LedgerFixtures.ORACLES.get(0), LedgerFixtures.BTC, usd(10_000), t + 1_000));
        assertFalse(fresh.endEvents().isEmpty());
        assertTrue(chain.account(alice).positions().isEmpty());
    }
}
