package io.ballast.actors.chain;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.OptionFixtures;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Option fills and settlements reach the per-account entries (account events, margin accounts' journals). */
class AccountEntriesOptionsTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");
    private static final KeyPair BOB = LedgerFixtures.key("bob");
    private static final long EXPIRY = OptionFixtures.T0 + 180_000;
    private static final OptionSeriesSpec CALL = OptionFixtures.series(EXPIRY, usd(10_000), OptionType.CALL);

    @Test
    void optionFillsAndSettlementsAreItemized() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(OptionFixtures.genesis(OptionFixtures.plainOptions().build(), CALL));
        chain.block(chain.deposit(ALICE, usd(20_000)), chain.deposit(BOB, usd(20_000)));
        BlockResult fills = chain.block(OptionFixtures.trade(chain, ALICE, CALL, btc(1)),
                OptionFixtures.trade(chain, BOB, CALL, -btc(1)));
        List<LedgerEntry> alice = entries(fills, chain, ALICE);
        assertEquals(1, alice.size(), alice.toString());
        LedgerEntry fill = alice.get(0);
        assertEquals(LedgerEntry.Kind.FILL, fill.kind());
        assertEquals(CALL.id(), fill.marketId());
        assertEquals(btc(1), fill.sizeE8());
        assertTrue(fill.priceUsd() > 0, "the premium per unit");
        assertEquals(LedgerEntry.Kind.FILL, entries(fills, chain, BOB).get(0).kind());

        // run past expiry at 10,300: the call settles, 300 per unit to Alice, from Bob
        List<LedgerEntry> settled = new ArrayList<>();
        while (chain.state.timeMillis() < EXPIRY + 5_000) {
            List<SignedTransaction> txs = new ArrayList<>(chain.reports(LedgerFixtures.BTC, usd(10_300)));
            txs.addAll(OptionFixtures.volReports(chain, OptionFixtures.VOL));
            BlockResult result = chain.blockAt(chain.state.timeMillis() + 1_000, txs.toArray(new SignedTransaction[0]));
            entries(result, chain, ALICE).stream().filter(e -> e.kind() == LedgerEntry.Kind.OPTION_SETTLED)
                    .forEach(settled::add);
        }
        assertEquals(1, settled.size(), settled.toString());
        assertEquals(CALL.id(), settled.get(0).marketId());
        assertEquals(btc(1), settled.get(0).sizeE8());
        assertEquals(usd(300) - fill.priceUsd(), settled.get(0).amountUsd(), "realized PnL against the premium paid");
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
