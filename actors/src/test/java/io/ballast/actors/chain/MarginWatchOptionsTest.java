package io.ballast.actors.chain;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.OptionFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keepers find accounts that hold only options: the watch lists them under their index's market. */
class MarginWatchOptionsTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");

    @Test
    void anOptionOnlyAccountBelowMaintenanceIsAKeeperCandidate() {
        // no block-end liquidation: the account stays below maintenance for keepers to find
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(OptionFixtures.standard()
                .withLimits(new LedgerLimits(20_000, 0, 1_000_000, 50, 5_000, 200_000)));
        chain.block(chain.deposit(ALICE, usd(1_000)));
        OptionFixtures.accepted(chain.submit(OptionFixtures.trade(chain, ALICE, OptionFixtures.CALL_30D, -btc(1))));
        MarginWatch watch = new MarginWatch(16);
        List<Bytes32> touched = List.of(ALICE.publicKey());
        watch.afterBlock(chain.state, touched);
        assertEquals(List.of(), watch.liquidatable(List.of(LedgerFixtures.BTC), 10), "healthy after the trade");

        long price = usd(10_000);
        for (int i = 0; i < 40 && !chain.account(ALICE).liquidatable(); i++) {
            price += usd(50);
            OptionFixtures.refresh(chain, price, OptionFixtures.VOL);
        }
        AccountView view = chain.account(ALICE);
        assertTrue(view.liquidatable() && view.positions().isEmpty(), "only options, below maintenance: " + view);
        List<MarginLevel> calls = watch.afterBlock(chain.state, touched);
        assertEquals(List.of(ALICE.publicKey().toHex()), calls.stream().map(MarginLevel::accountKey).toList());
        assertEquals(List.of(ALICE.publicKey().toHex()), watch.liquidatable(List.of(LedgerFixtures.BTC), 10));
        assertEquals(List.of(), watch.liquidatable(List.of("ETH-PERP"), 10));
    }
}
