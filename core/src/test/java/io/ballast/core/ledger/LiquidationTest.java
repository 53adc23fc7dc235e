package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiquidationTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");
    private final KeyPair carol = LedgerFixtures.key("carol");
    private final KeyPair dave = LedgerFixtures.key("dave");
    private final KeyPair keeper = LedgerFixtures.key("keeper");

    /** Slippage: 0.1% base + 1% × block congestion, no size term; fee 1%, half to the keeper. */
    private static MarketParams market() {
        return LedgerFixtures.simpleMarket().liquidationSlippage(1_000, 0, 10_000, 50_000).build();
    }

    private static <T> T only(List<LedgerEvent> events, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (LedgerEvent event : events) {
            if (type.isInstance(event)) {
                found.add(type.cast(event));
            }
        }
        assertEquals(1, found.size(), "expected one " + type.getSimpleName() + " in " + events);
        return found.get(0);
    }

    @Test
    void partialLiquidationByKeeperThenFullAtBlockEndWithInsuranceDraw() {
        Chain chain = new Chain(LedgerFixtures.genesis(market()));
        chain.block(chain.deposit(alice, usd(1_000)), chain.deposit(keeper, usd(100)));
        // Alice buys 1 BTC at the index 10,000 (no spread): basis 10,000; IM 1,000 = equity, accepted.
        assertTrue(chain.submit(chain.trade(alice, btc(1))).accepted());

        // Price 9,400: equity 1,000 − 600 = 400 < MM 470 (IM 940). Block congestion 50%:
        // slippage = 1,000 + 10,000 × 0.5 = 6,000 ppm; closing everything would cost
        // 9,400 × (0.6% + 1% fee) = 150.4. Fraction f = (IM − E)/(IM − cost) = 540/789.6
        // = 0.6838905..., rounded up to 683,891 ppm → close ceil(1e8 × 0.683891) = 68,389,100 (0.683891 BTC).
        chain.congestionPpm = 500_000;
        List<SignedTransaction> txs = new ArrayList<>(chain.reports(LedgerFixtures.BTC, usd(9_400)));
        txs.add(chain.liquidate(keeper, alice));
        BlockResult result = chain.block(txs.toArray(new SignedTransaction[0]));
        Receipt receipt = result.receipts().get(3);
        assertTrue(receipt.accepted(), receipt.toString());
        Receipt.Accepted accepted = (Receipt.Accepted) receipt;
        assertFalse(((TxEffect.Liquidated) accepted.effect()).full());

        LedgerEvent.PositionLiquidated closed = only(accepted.events(), LedgerEvent.PositionLiquidated.class);
        assertTrue(closed.partial());
        assertEquals(68_389_100, closed.closedSizeE8());
        assertEquals(6_000, closed.slippagePpm());
        // execution = 9,400 × (1 − 0.006) = 9,343.6
        assertEquals(9_343_600_000L, closed.executionPriceUsd());
        // cash = floor(0.683891 × 9,343.6) = 6,390.003947; released basis = 10,000 × 0.683891 = 6,838.91
        // realized = 6,390.003947 − 6,838.91 = −448.906053
        assertEquals(-448_906_053L, closed.realizedPnlUsd());

        // fee = 1% of 0.683891 × 9,400 = 6,428.5754 → 64.285754; keeper and insurance get half each.
        LedgerEvent.LiquidationFee fee = only(accepted.events(), LedgerEvent.LiquidationFee.class);
        assertEquals(64_285_754, fee.feeUsd());
        assertEquals(32_142_877, fee.liquidatorFeeUsd());
        assertEquals(32_142_877, fee.insuranceFeeUsd());
        assertEquals(usd(100) + 32_142_877, chain.collateral(keeper));
        assertEquals(usd(1_000_000) + 32_142_877, chain.state.insuranceFundUsd());

        // Left: 0.316109 BTC, basis 3,161.09, collateral 1,000 − 448.906053 − 64.285754 = 486.808193;
        // equity 297.142793 ≥ IM 297.142460: restored to initial margin, not liquidated at block end.
        AccountView after = chain.account(alice);
        assertEquals(486_808_193, after.collateralUsd());
        assertEquals(31_610_900, after.positions().get(0).sizeE8());
        assertEquals(297_142_793, after.equityUsd());
        assertEquals(297_142_460, after.initialMarginUsd());
        assertTrue(result.endEvents().isEmpty());

        // Price 8,000 (congestion back to 0): equity 486.808193 + 2,528.872 − 3,161.09 = −145.409807 ≤ 0
        // → full liquidation at block end by the protocol, at 8,000 × 0.999 = 7,992:
        // realized = floor(0.316109 × 7,992) − 3,161.09 = 2,526.343128 − 3,161.09 = −634.746872
        // collateral −147.938679: no fee can be collected, the insurance fund pays the deficit.
        chain.congestionPpm = 0;
        long insuranceBefore = chain.state.insuranceFundUsd();
        BlockResult crash = chain.setPrice(usd(8_000));
        LedgerEvent.PositionLiquidated full = only(crash.endEvents(), LedgerEvent.PositionLiquidated.class);
        assertFalse(full.partial());
        assertEquals(31_610_900, full.closedSizeE8());
        assertEquals(7_992_000_000L, full.executionPriceUsd());
        assertEquals(-634_746_872L, full.realizedPnlUsd());
        assertEquals(0, only(crash.endEvents(), LedgerEvent.LiquidationFee.class).feeUsd());
        LedgerEvent.InsuranceDraw draw = only(crash.endEvents(), LedgerEvent.InsuranceDraw.class);
        assertEquals(147_938_679, draw.amountUsd());
        assertEquals(insuranceBefore - 147_938_679, chain.state.insuranceFundUsd());
        assertEquals(0, chain.collateral(alice));
        assertTrue(chain.account(alice).positions().isEmpty());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void keeperCannotLiquidateHealthyAccountOrItself() {
        Chain chain = new Chain(LedgerFixtures.genesis(market()));
        chain.block(chain.deposit(alice, usd(2_000)), chain.deposit(keeper, usd(100)));
        chain.submit(chain.trade(alice, btc(1)));
        Receipt healthy = chain.submit(chain.liquidate(keeper, alice));
        assertEquals(RejectCode.NOT_LIQUIDATABLE, ((Receipt.Rejected) healthy).code());
        chain.resetNonce(keeper);
        Receipt self = chain.submit(chain.liquidate(alice, alice));
        assertEquals(RejectCode.NOT_AUTHORIZED, ((Receipt.Rejected) self).code());
    }

    @Test
    void autoDeleveragingWhenInsuranceIsEmptyLeavesPositionlessDepositorsAlone() {
        Chain chain = new Chain(LedgerFixtures.genesis(market()).withFunds(0, usd(10_000_000)));
        chain.block(chain.deposit(alice, usd(1_000)), chain.deposit(bob, usd(5_000)), chain.deposit(dave, usd(20_000)),
                chain.deposit(carol, usd(3_000)));
        // All at the index 10,000: Alice long 1 (basis 10,000); Bob and Dave short 1 (basis −10,000). Carol has no position.
        chain.block(chain.trade(alice, btc(1)), chain.trade(bob, -btc(1)), chain.trade(dave, -btc(1)));

        // Price 8,000: Alice's equity −1,000 → full liquidation at 8,000 × 0.999 = 7,992:
        // realized 7,992 − 10,000 = −2,008 → collateral −1,008; insurance is empty → ADL.
        // Candidates (short, profitable): Bob profit 2,000/10,000 = 20%, leverage 8,000/7,000;
        // Dave profit 20%, leverage 8,000/22,000 → Bob ranks first and covers the whole 1,008.
        BlockResult crash = chain.setPrice(usd(8_000));
        LedgerEvent.AutoDeleveraged adl = only(crash.endEvents(), LedgerEvent.AutoDeleveraged.class);
        assertEquals(bob.publicKey(), adl.account());
        assertEquals(alice.publicKey(), adl.bankrupt());
        assertEquals(usd(2_000), adl.realizedProfitUsd());
        assertEquals(usd(1_008), adl.haircutUsd());
        assertTrue(crash.endEvents().stream().noneMatch(e -> e instanceof LedgerEvent.InsuranceDraw));
        assertTrue(crash.endEvents().stream().noneMatch(e -> e instanceof LedgerEvent.PoolAbsorbedDeficit));

        assertEquals(0, chain.collateral(alice));
        assertEquals(usd(5_000 + 2_000 - 1_008), chain.collateral(bob));
        assertTrue(chain.account(bob).positions().isEmpty());
        assertEquals(usd(20_000), chain.collateral(dave));
        assertEquals(-btc(1), chain.account(dave).positions().get(0).sizeE8());
        assertEquals(usd(3_000), chain.collateral(carol));
        // pool: +2,008 from Alice's close, −2,000 paid to Bob
        assertEquals(usd(10_000_008), chain.state.poolCashUsd());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void poolAbsorbsWhatInsuranceAndAdlCannotCover() {
        Chain chain = new Chain(LedgerFixtures.genesis(market()).withFunds(0, usd(10_000_000)));
        chain.block(chain.deposit(alice, usd(1_000)), chain.deposit(carol, usd(3_000)));
        chain.submit(chain.trade(alice, btc(1)));
        // Same crash as above, but nobody holds the opposite side: the pool takes the 1,008 loss.
        BlockResult crash = chain.setPrice(usd(8_000));
        assertEquals(usd(1_008), only(crash.endEvents(), LedgerEvent.PoolAbsorbedDeficit.class).amountUsd());
        // pool cash 10,000,000 + 2,008 (Alice's realized loss) − 1,008 (deficit) = 10,001,000
        assertEquals(usd(10_001_000), chain.state.poolCashUsd());
        assertEquals(usd(3_000), chain.collateral(carol));
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void blockEndLiquidationsAreCappedPerBlock() {
        Genesis genesis = LedgerFixtures.genesis(market()).withLimits(new LedgerLimits(100, 1, 1_000, 10, 5_000, 0));
        Chain chain = new Chain(genesis);
        chain.block(chain.deposit(alice, usd(1_000)), chain.deposit(bob, usd(1_000)));
        chain.block(chain.trade(alice, btc(1)), chain.trade(bob, btc(1)));
        BlockResult crash = chain.setPrice(usd(9_400));
        assertEquals(1, crash.endEvents().stream().filter(e -> e instanceof LedgerEvent.LiquidationFee).count());
        assertTrue(chain.account(bob).liquidatable(), "Bob waits for the next block");
        BlockResult next = chain.block();
        assertEquals(bob.publicKey(), only(next.endEvents(), LedgerEvent.LiquidationFee.class).account());
    }
}
