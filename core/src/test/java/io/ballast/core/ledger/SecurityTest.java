package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost of corruption against the collateral at risk, worked by hand. */
class SecurityTest {
    private static final KeyPair TRADER = LedgerFixtures.key("trader");

    /**
     * 4 × 1,000 USD of power: halting needs 1,333.333334 USD, forking 2,666.666667; a fork burns 5 % of the third
     * that signs both sides, 66.666666 USD, against the pool's 10,000,000 USD (then a trader's 10,000 collateral and
     * a 1 BTC position's 10,000 notional): a ratio of 6 ppm, a warning.
     */
    @Test
    void fourThousandDollarsOfStakeGuardTenMillionsBadly() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(4));
        assertEquals(new SecurityView(4, usd(4_000), 1_333_333_334L, 2_666_666_667L, 66_666_666, usd(10_000_000), 6, true),
                chain.state.securityView());
        chain.submit(chain.deposit(TRADER, usd(10_000)));
        chain.submit(chain.trade(TRADER, LedgerFixtures.btc(1)));
        SecurityView view = chain.state.securityView();
        assertEquals(usd(10_000_000) + usd(10_000) + usd(10_000), view.collateralAtRiskUsd());
        assertEquals(66_666_666L * 1_000_000 / view.collateralAtRiskUsd(), view.corruptionCostRatioPpm());
        assertTrue(view.warning());
    }

    @Test
    void largeBondsOutweighTheCollateralAndTheWarningGoes() {
        Genesis base = StakingFixtures.genesis(4);
        List<ValidatorInfo> rich = new ArrayList<>();
        for (ValidatorInfo v : base.validators()) {
            rich.add(new ValidatorInfo(v.key(), usd(100_000_000)));
        }
        Genesis genesis = new Genesis(base.chainId(), base.genesisTimeMillis(), rich, base.oracleOperators(),
                base.collateralAuthority(), base.insuranceFundUsd(), base.poolLiquidityUsd(), base.limits(), base.markets(),
                base.options(), base.consensus(), base.staking());
        SecurityView view = LedgerState.fromGenesis(genesis).securityView();
        // 400,000,000 / 3 + 1 micro-USD = 133,333,333.333334 USD to halt; 5 % of it burns on a fork
        assertEquals(133_333_333_333_334L, view.stakeToHaltUsd());
        assertEquals(6_666_666_666_666L, view.slashableOnForkUsd());
        assertEquals(666_666, view.corruptionCostRatioPpm(), "0.67 of the 10,000,000 USD pool");
        assertTrue(view.warning());
        Genesis smallerPool = genesis.withFunds(usd(1_000_000), usd(1_000_000));
        SecurityView safer = LedgerState.fromGenesis(smallerPool).securityView();
        assertEquals(6_666_666, safer.corruptionCostRatioPpm());
        assertFalse(safer.warning(), "a fork would burn 6.67 times what it could take");
    }

    @Test
    void theFiguresFollowTheSetThatCertifiesNotTheGenesis() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(4));
        KeyPair joiner = LedgerFixtures.key("joiner");
        chain.submit(chain.deposit(joiner, usd(1_000)));
        chain.submit(StakingFixtures.bond(chain, joiner, usd(500)));
        chain.block();                                                       // height 3: elected
        chain.block();                                                       // height 4: the old set still certifies
        assertEquals(usd(4_000), chain.state.securityView().totalPowerUsd());
        chain.block();                                                       // height 5: the new epoch's set
        assertEquals(usd(4_500), chain.state.securityView().totalPowerUsd());
        assertEquals(5, chain.state.securityView().validators());
    }

    @Test
    void withoutStakingNothingIsBondedAndTheWarningShows() {
        SecurityView view = LedgerState.fromGenesis(LedgerFixtures.genesis()).securityView();
        assertEquals(new SecurityView(1, 0, 0, 0, 0, usd(10_000_000), 0, true), view);
    }
}
