package io.ballast.actors.chain;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.StakingFixtures.validator;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Equivocation;
import io.ballast.core.ledger.LastCommit;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.StakingFixtures;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A validator's bond, unbond, block reward and slash reach its account's entries (margin accounts' journals). */
class AccountEntriesStakingTest {
    private static final KeyPair TRADER = LedgerFixtures.key("trader");

    @Test
    void stakeMovesRewardsAndSlashesAreItemized() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(5));
        KeyPair v0 = validator(0);
        KeyPair v4 = validator(4);
        apply(chain, List.of(chain.deposit(TRADER, usd(10_000)), chain.deposit(v0, usd(1_000)), chain.deposit(v4, usd(10))),
                List.of(), LastCommit.NONE);                                                             // height 1
        BlockResult stake = apply(chain, List.of(StakingFixtures.bond(chain, v0, usd(200)),
                StakingFixtures.unbond(chain, v0, usd(50)), SignedTransaction.sign(chain.state.chainId(), TRADER, 1,
                        usd(10), new TxBody.Trade(LedgerFixtures.BTC, btc(1) / 10, Units.MAX_PRICE_USD))),
                List.of(), new LastCommit(1, List.of(0, 1, 2, 3, 4)));                                   // height 2: fee 10
        assertEquals(List.of(LedgerEntry.Kind.BOND, LedgerEntry.Kind.UNBOND),
                entries(stake, chain, v0).stream().map(LedgerEntry::kind).toList());
        assertEquals(usd(50), entries(stake, chain, v0).get(1).amountUsd());

        // height 3 pays the 5 USD set aside to the 5 signers of 2's certificate (1 USD each); validator 4 equivocated
        BlockResult paid = apply(chain, List.of(), List.of(new Equivocation(v4.publicKey(), 2)),
                new LastCommit(2, List.of(0, 1, 2, 3, 4)));
        List<LedgerEntry> reward = entries(paid, chain, v0);
        assertEquals(List.of(LedgerEntry.Kind.VALIDATOR_REWARD), reward.stream().map(LedgerEntry::kind).toList());
        assertEquals(usd(1), reward.get(0).amountUsd());
        List<LedgerEntry> offender = entries(paid, chain, v4);
        assertEquals(List.of(LedgerEntry.Kind.STAKE_SLASHED, LedgerEntry.Kind.VALIDATOR_REWARD),
                offender.stream().map(LedgerEntry::kind).toList(), offender::toString);
        assertEquals(usd(50), offender.get(0).amountUsd(), "5 % of its 1,000 USD bond");
    }

    private static BlockResult apply(LedgerFixtures.Chain chain, List<SignedTransaction> txs, List<Equivocation> evidence,
                                     LastCommit lastCommit) {
        return chain.ledger.apply(chain.state, new LedgerBlock(chain.state.height() + 1, chain.now() + 1_000, 0, 0, txs,
                evidence, lastCommit));
    }

    private static List<LedgerEntry> entries(BlockResult result, LedgerFixtures.Chain chain, KeyPair account) {
        for (AccountBlock block : AccountEntries.of(result.height(), chain.state.timeMillis(), result, chain.state)) {
            if (block.accountKey().equals(account.publicKey().toHex())) {
                return block.entries();
            }
        }
        return List.of();
    }
}
