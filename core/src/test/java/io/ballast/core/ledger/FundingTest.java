package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.oracle.OracleRuleParams;
import org.junit.jupiter.api.Test;

class FundingTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");

    @Test
    void fundingAtTheIntervalBoundaryFlowsFromTheCrowdedSideThroughThePool() {
        // 1 h interval, rate = skew/OI × 100,000 ppb, cap 500,000 ppb; a 2 h oracle window so the index stays fresh.
        MarketParams market = LedgerFixtures.simpleMarket().funding(3_600_000, 100_000, 500_000)
                .oracle(new OracleRuleParams(1, 7_200_000, 3_000_000)).build();
        Chain chain = new Chain(LedgerFixtures.genesis(market));
        chain.block(chain.deposit(alice, usd(10_000)), chain.deposit(bob, usd(10_000)));
        chain.block(chain.trade(alice, btc(3)), chain.trade(bob, -btc(1)));
        BlockResult beforeBoundary = chain.blockAt(LedgerFixtures.GENESIS_TIME_MILLIS + 3_599_999);
        assertTrue(beforeBoundary.startEvents().isEmpty());

        // Boundary at genesis + 1 h: skew +2 of OI 4 → rate = 0.5 × 100,000 = 50,000 ppb (0.005%).
        // Index moves by 10,000 USD × 0.005% = 0.5 USD per BTC = 500,000,000,000 in 1e-12 USD.
        BlockResult boundary = chain.blockAt(LedgerFixtures.GENESIS_TIME_MILLIS + 3_600_000);
        LedgerEvent.FundingApplied funding = (LedgerEvent.FundingApplied) boundary.startEvents().get(0);
        assertEquals(1, funding.intervals());
        assertEquals(50_000, funding.ratePpb());
        assertEquals(500_000_000_000L, funding.indexDeltaE12());

        // Alice (long 3) owes 1.5 USD, Bob (short 1) is owed 0.5 USD; both count in equity before settling.
        assertEquals(1_500_000, chain.account(alice).positions().get(0).pendingFundingUsd());
        assertEquals(-500_000, chain.account(bob).positions().get(0).pendingFundingUsd());
        assertEquals(usd(10_000) - 1_500_000, chain.account(alice).equityUsd());
        assertEquals(0, chain.state.totals().traderUnrealizedPnlUsd() + chain.state.totals().poolUnrealizedPnlUsd());

        // Settled when the positions are touched (closed at the unchanged index, no spread).
        Receipt aliceReceipt = chain.submit(chain.close(alice));
        assertTrue(aliceReceipt.accepted(), aliceReceipt.toString());
        TxEffect.Traded aliceClose = (TxEffect.Traded) ((Receipt.Accepted) aliceReceipt).effect();
        TxEffect.Traded bobClose = (TxEffect.Traded) ((Receipt.Accepted) chain.submit(chain.close(bob))).effect();
        assertEquals(1_500_000, aliceClose.fundingPaidUsd());
        assertEquals(-500_000, bobClose.fundingPaidUsd());
        assertEquals(usd(10_000) - 1_500_000, chain.collateral(alice));
        assertEquals(usd(10_000) + 500_000, chain.collateral(bob));
        assertEquals(usd(10_000_000) + 1_000_000, chain.state.poolCashUsd());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void missedIntervalsAreChargedTogetherAndTheRateIsCapped() {
        MarketParams market = LedgerFixtures.simpleMarket().funding(3_600_000, 1_000_000, 500_000)
                .oracle(new OracleRuleParams(1, 86_400_000, 3_000_000)).build();
        Chain chain = new Chain(LedgerFixtures.genesis(market));
        chain.block(chain.deposit(alice, usd(10_000)));
        chain.block(chain.trade(alice, btc(1)));
        // Only longs: skew/OI = 1 → 1,000,000 ppb, capped at 500,000 (0.05% = 5 USD per BTC per interval).
        // Three boundaries crossed at once (3 h 30 min): 3 × 5 USD.
        BlockResult late = chain.blockAt(LedgerFixtures.GENESIS_TIME_MILLIS + 12_600_000);
        LedgerEvent.FundingApplied funding = (LedgerEvent.FundingApplied) late.startEvents().get(0);
        assertEquals(3, funding.intervals());
        assertEquals(500_000, funding.ratePpb());
        assertEquals(usd(15), chain.account(alice).positions().get(0).pendingFundingUsd());
        assertEquals(LedgerFixtures.GENESIS_TIME_MILLIS + 14_400_000,
                chain.state.marketView(LedgerFixtures.BTC).orElseThrow().nextFundingTimeMillis());
    }
}
