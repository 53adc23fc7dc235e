package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.StakingFixtures.validator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Half of a block's fees pays the validators whose precommits certify it, pro rata to power (worked by hand). */
class RewardsTest {
    private static final KeyPair TRADER = LedgerFixtures.key("trader");

    private static BlockResult block(LedgerFixtures.Chain chain, LastCommit lastCommit, SignedTransaction... txs) {
        return chain.ledger.apply(chain.state, new LedgerBlock(chain.state.height() + 1, chain.now() + 1_000, 0, 0,
                List.of(txs), List.of(), lastCommit));
    }

    private static <T> T only(List<LedgerEvent> events, Class<T> type) {
        List<T> matching = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, matching.size(), events::toString);
        return matching.get(0);
    }

    @Test
    void theSignersOfABlocksCertificateShareHalfItsFeesByPower() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(4));
        block(chain, LastCommit.NONE, chain.deposit(TRADER, usd(10_000)), chain.deposit(validator(0), usd(10)),
                chain.deposit(validator(1), usd(10)));                                             // height 1
        long insurance = chain.state.insuranceFundUsd();
        SignedTransaction trade = SignedTransaction.sign(chain.state.chainId(), TRADER, 1, usd(10),
                new TxBody.Trade(LedgerFixtures.BTC, LedgerFixtures.btc(1) / 10, Units.MAX_PRICE_USD));
        BlockResult second = block(chain, new LastCommit(1, List.of(0, 1, 2, 3)), trade);            // height 2: fee 10
        assertEquals(new LedgerEvent.RewardsSetAside(usd(10), usd(5), usd(5)), only(second.endEvents(),
                LedgerEvent.RewardsSetAside.class));
        assertEquals(insurance + usd(5), chain.state.insuranceFundUsd(), "the other half stays with the insurance fund");
        assertEquals(usd(5), chain.state.rewardPoolUsd());
        // height 3 carries the certificate of 2, signed by validators 0, 1 and 2 (3 is absent, earns nothing):
        // 5 USD × 1,000 / 3,000 = 1.666666 each; validator 2 has no account, its share goes back to the insurance fund
        BlockResult third = block(chain, new LastCommit(2, List.of(0, 1, 2)));
        assertEquals(new LedgerEvent.RewardsPaid(2, 3_333_332, 2, 1_666_666), only(third.startEvents(),
                LedgerEvent.RewardsPaid.class));
        assertEquals(List.of(new LedgerEvent.ValidatorRewarded(validator(0).publicKey(), 2, 1_666_666),
                new LedgerEvent.ValidatorRewarded(validator(1).publicKey(), 2, 1_666_666)),
                third.startEvents().stream().filter(LedgerEvent.ValidatorRewarded.class::isInstance).toList(),
                "one event per paid signer's account; validator 2 (no account) gets none");
        assertEquals(usd(10) + 1_666_666, chain.collateral(validator(0)));
        assertEquals(usd(10) + 1_666_666, chain.collateral(validator(1)));
        assertEquals(2, chain.state.rewardPoolUsd(), "rounding waits for the next block");
        assertEquals(insurance + usd(5) + 1_666_666, chain.state.insuranceFundUsd());
        assertEquals(1_666_666, chain.state.stakeViews().get(0).rewardsUsd());
        assertEquals(0, chain.state.stakeViews().get(3).rewardsUsd());
        assertTrue(chain.state.totals().cashConserved(), chain.state.totals()::toString);
        LedgerState restored = LedgerState.restore(chain.state.snapshot());
        assertEquals(chain.state.stateRoot(), restored.stateRoot());
        assertEquals(chain.state.rewardPoolUsd(), restored.rewardPoolUsd());
    }

    @Test
    void withoutACertificateThePoolWaits() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(4));
        chain.submit(chain.deposit(TRADER, usd(10_000)));
        chain.submit(SignedTransaction.sign(chain.state.chainId(), TRADER, 1, usd(2),
                new TxBody.Trade(LedgerFixtures.BTC, LedgerFixtures.btc(1) / 10, Units.MAX_PRICE_USD)));
        chain.block();
        assertEquals(usd(1), chain.state.rewardPoolUsd(), "no certificate in a ledger-only chain: nothing is paid");
        assertTrue(chain.state.totals().cashConserved(), chain.state.totals()::toString);
    }
}
