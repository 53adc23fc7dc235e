package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: an ADL'd position that owes funding. Its profit is the price PnL net of the funding it
 * owes (that is what ranks it as a candidate); haircutting the whole price PnL left the account with
 * no position and negative collateral, which the block-end conservation check does not see. Found
 * while auditing the ADL path behind the solvency property (the random scenarios had not reached
 * it: the winner must owe funding, so a third, losing position has to tilt the skew its way);
 * {@code properties.AdlFundingPropertiesTest} now explores this shape.
 */
class AutoDeleverageFundingTest {
    private final KeyPair dave = LedgerFixtures.key("dave");
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");

    @Test
    void adlHaircutNeverExceedsProfitNetOfFunding() {
        // 1-minute funding at the 1 % cap (factor 100 %), no insurance fund: a deficit goes to ADL.
        MarketParams market = LedgerFixtures.simpleMarket().funding(60_000, 1_000_000_000, 10_000_000).build();
        Chain chain = new Chain(LedgerFixtures.genesis(market).withFunds(0, usd(10_000_000)));
        chain.block(chain.deposit(dave, usd(100_000)), chain.deposit(alice, usd(5_000)), chain.deposit(bob, usd(1_000)));

        // Dave buys 5 BTC at 20,000; the price halves: he is losing, never an ADL candidate.
        chain.setPrice(usd(20_000));
        assertTrue(chain.submit(chain.trade(dave, btc(5))).accepted());
        chain.setPrice(usd(10_000));
        // Alice shorts 4 BTC, Bob buys 1 BTC: traders are net long 2 BTC, so longs (Bob) pay funding.
        assertTrue(chain.submit(chain.trade(alice, -btc(4))).accepted());
        assertTrue(chain.submit(chain.trade(bob, btc(1))).accepted());

        // 15 minutes later: 15 intervals at 1 % of 10,000 = 1,500 owed by Bob (more than his 1,000),
        // and the price jumps 60 %. Alice is bankrupt; Bob's 1 BTC is the only profitable long:
        // price PnL 6,000, net of funding 4,500.
        List<SignedTransaction> reports = new ArrayList<>();
        long time = chain.now() + 15 * 60_000;
        for (KeyPair oracle : LedgerFixtures.ORACLES) {
            reports.add(chain.report(oracle, LedgerFixtures.BTC, usd(16_000), time));
        }
        BlockResult result = chain.blockAt(time, reports.toArray(new SignedTransaction[0]));

        LedgerEvent.AutoDeleveraged adl = (LedgerEvent.AutoDeleveraged) result.endEvents().stream()
                .filter(e -> e instanceof LedgerEvent.AutoDeleveraged).findFirst().orElseThrow();
        assertEquals(bob.publicKey(), adl.account());
        AccountView bobAfter = chain.account(bob);
        assertTrue(bobAfter.positions().isEmpty());
        assertTrue(bobAfter.collateralUsd() >= 0, "Bob was left with negative collateral: " + bobAfter);
        // the haircut takes at most his profit net of funding: what he keeps is his collateral less nothing
        assertEquals(usd(4_500), adl.haircutUsd(), "haircut = price PnL − funding owed");
        assertEquals(usd(1_000), bobAfter.collateralUsd());
        assertTrue(chain.state.totals().cashConserved());
    }
}
