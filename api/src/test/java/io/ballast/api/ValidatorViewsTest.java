package io.ballast.api;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.StakingFixtures.validator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.actors.chain.ChainView;
import io.ballast.api.client.ApiJson;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.ValidatorView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Equivocation;
import io.ballast.core.ledger.LastCommit;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.SecurityView;
import io.ballast.core.ledger.StakingFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator rows, the stake summary and the cost of corruption as the API maps them from a staking chain's state. */
class ValidatorViewsTest {
    private static final OpenApiContract CONTRACT = new OpenApiContract();

    @Test
    void theCertifyingSetComesFirstThenBondedValidatorsOutsideIt() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(5));
        KeyPair newcomer = validator(5);
        chain.block(chain.deposit(newcomer, usd(1_000)), chain.deposit(validator(4), usd(10)));      // height 1
        // height 2 (before the first election, at the end of 3): the newcomer bonds; evidence that validator 4
        // equivocated at height 1 ejects it and burns 5 % of its 1,000 USD bond
        chain.ledger.apply(chain.state, new LedgerBlock(2, chain.now() + 1_000, 0, 0,
                List.of(StakingFixtures.bond(chain, newcomer, usd(500))),
                List.of(new Equivocation(validator(4).publicKey(), 1)), LastCommit.NONE));
        ChainView view = ChainView.of(chain.state);
        Bytes32 online = validator(0).publicKey();
        List<ValidatorView> rows = ValidatorViews.validators(view, true, key -> key.equals(online) ? "validator-0" : "other",
                key -> key.equals(online) ? new ValidatorViews.Activity(3, 3_000, true, 1, 4, 3) : ValidatorViews.Activity.NONE);

        assertEquals(6, rows.size());
        for (int i = 0; i < 5; i++) {
            ValidatorView member = rows.get(i);
            assertEquals(i, member.index());
            assertEquals(validator(i).publicKey().toHex(), member.publicKey());
            assertTrue(member.active());
            assertEquals(usd(1_000), member.stake(), "power in the certifying set");
            assertEquals("1000", member.powerUsd());
        }
        ValidatorView first = rows.get(0);
        assertEquals("validator-0", first.id());
        assertEquals("1000", first.bondUsd());
        assertEquals("0.75", first.uptime(), "3 of the 4 certificates of its window");
        assertEquals(4, first.uptimeWindowCommits());
        assertEquals(3, first.signedCommits());
        assertEquals(1, first.failedProposals());
        assertNull(rows.get(1).uptime(), "no certificate seen: no uptime");

        ValidatorView offender = rows.get(4);
        assertTrue(offender.slashed());
        assertEquals(2, offender.slashedAtHeight());
        assertEquals("950", offender.bondUsd());
        assertEquals("50", offender.slashedUsd());
        assertFalse(offender.jailed());

        ValidatorView bonded = rows.get(5);
        assertEquals(-1, bonded.index(), "bonded, not yet elected");
        assertFalse(bonded.active());
        assertEquals(0, bonded.stake());
        assertEquals("500", bonded.bondUsd());
        assertEquals("0", bonded.powerUsd());
        assertEquals("0", bonded.rewardsUsd());

        for (ValidatorView row : rows) {
            assertEquals(List.of(), CONTRACT.validate("/components/schemas/Validator",
                    new String(ApiJson.bytes(row), StandardCharsets.UTF_8)), row::toString);
        }

        // 5 × 1,000 USD; only validator 0 online; the ejected member counts in the total, never as online
        StatusView.Stake stake = ValidatorViews.stake(rows);
        assertEquals(new StatusView.Stake(usd(5_000), usd(1_000), usd(5_000) * 2 / 3 + 1,
                usd(1_000) - (usd(5_000) * 2 / 3 + 1), 1, 5), stake);
    }

    @Test
    void theCostOfCorruptionIsInUsdDecimalsWithASixDecimalRatio() {
        StatusView.Security security = ValidatorViews.security(true, new SecurityView(4, usd(4_000), 1_333_333_334L,
                2_666_666_667L, 66_666_666L, usd(100_000), 666, true));
        assertEquals(new StatusView.Security(true, 4, "4000", "1333.333334", "2666.666667", "66.666666", "100000",
                "0.000666", true), security);
        assertNull(ValidatorViews.security(true, new SecurityView(4, usd(4_000), 1, 2, 3, 0, Long.MAX_VALUE, false))
                .corruptionCostRatio(), "nothing at risk: no ratio");

        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(4));
        SecurityView fromState = chain.state.securityView();
        StatusView.Security mapped = ValidatorViews.security(true, fromState);
        assertEquals(4, mapped.validators());
        assertEquals("4000", mapped.totalPowerUsd());
        assertEquals("1333.333334", mapped.stakeToHaltUsd());
        String json = new String(ApiJson.bytes(mapped), StandardCharsets.UTF_8);
        assertEquals(List.of(), CONTRACT.validate("/components/schemas/Security", json), json);
    }

    @Test
    void aValidatorsRewardsSlashesAndJailingGoToItsOwnAccountsJournal() {
        Bytes32 validatorKey = validator(1).publicKey();
        Bytes32 keeper = validator(2).publicKey();
        assertEquals(List.of(validatorKey), Views.accountsOf(new io.ballast.core.ledger.LedgerEvent.ValidatorRewarded(
                validatorKey, 7, usd(1))));
        assertEquals(List.of(validatorKey), Views.accountsOf(new io.ballast.core.ledger.LedgerEvent.StakeSlashed(
                validatorKey, io.ballast.core.ledger.SlashReason.DOWNTIME, usd(10), usd(1_000))));
        assertEquals(List.of(validatorKey), Views.accountsOf(new io.ballast.core.ledger.LedgerEvent.ValidatorJailed(
                validatorKey, 20, 5)));
        assertEquals(List.of(validatorKey), Views.accountsOf(new io.ballast.core.ledger.LedgerEvent.LiquidationFee(
                validatorKey, keeper, usd(3), usd(1), usd(2))), "the keeper of a liquidation fee is not the account");
        assertEquals("ValidatorRewarded", Views.event(new io.ballast.core.ledger.LedgerEvent.ValidatorRewarded(
                validatorKey, 7, usd(1))).kind());
        assertEquals("1", Views.event(new io.ballast.core.ledger.LedgerEvent.ValidatorRewarded(validatorKey, 7, usd(1)))
                .fields().get("rewardUsd"));
    }
}
