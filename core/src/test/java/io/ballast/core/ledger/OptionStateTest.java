package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.OptionFixtures.CALL_30D;
import static io.ballast.core.ledger.OptionFixtures.PUT_30D;
import static io.ballast.core.ledger.OptionFixtures.T0;
import static io.ballast.core.ledger.OptionFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encodings, snapshots and determinism with options; perpetual-only chains keep the roots they had before options. */
class OptionStateTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");
    private static final KeyPair BOB = LedgerFixtures.key("bob");
    private static final KeyPair KEEPER = LedgerFixtures.key("keeper");
    private static final OptionSeriesSpec SHORT_LIVED = OptionFixtures.series(T0 + 120_000, usd(10_000), OptionType.PUT);

    /** A session with every kind of option state: listing, trades, vol moves, safe mode, settlement, liquidation. */
    static LedgerFixtures.Chain session() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(OptionFixtures.genesis(
                OptionFixtures.plainOptions().liquidationGuard(2_000_000, 100_000).shortOptionFloorPpm(5_000).build(),
                CALL_30D, PUT_30D, SHORT_LIVED));
        chain.block(chain.deposit(ALICE, usd(1_000)), chain.deposit(BOB, usd(50_000)), chain.deposit(KEEPER, usd(100)));
        chain.block(trade(chain, ALICE, CALL_30D, -btc(1)), trade(chain, BOB, CALL_30D, btc(1)),
                trade(chain, BOB, SHORT_LIVED, -btc(2)), chain.trade(BOB, btc(1) / 2));
        OptionSeriesSpec listed = OptionFixtures.series(T0 + 10 * OptionFixtures.DAY, usd(9_000), OptionType.PUT);
        chain.block(OptionFixtures.list(chain, listed));
        chain.block(trade(chain, BOB, listed, btc(3)));
        long price = usd(10_000);
        for (int i = 0; i < 150; i++) {
            price += (i % 7 < 4 ? 1 : -1) * usd(40);
            if (i % 40 < 33) {
                OptionFixtures.refresh(chain, price, OptionFixtures.VOL + i * 1_000L);
            } else {
                chain.blockAt(chain.state.timeMillis() + 10_000); // both indices age out: safe mode, settlement waits
            }
        }
        return chain;
    }

    @Test
    void snapshotsRoundTripAtEveryHeightAndReplaysReachTheSameRoots() {
        LedgerFixtures.Chain chain = session();
        List<LedgerBlock> blocks = chain.history;
        LedgerState replay = LedgerState.fromGenesis(chain.state.genesis());
        Ledger ledger = Ledger.verifying();
        List<Bytes32> roots = new ArrayList<>();
        List<byte[]> snapshots = new ArrayList<>();
        for (LedgerBlock block : blocks) {
            roots.add(ledger.apply(replay, block).stateRoot());
            byte[] snapshot = replay.snapshot();
            snapshots.add(snapshot);
            LedgerState restored = LedgerState.restore(snapshot);
            assertEquals(replay.stateRoot(), restored.stateRoot(), "root after restore at height " + block.height());
            assertArrayEquals(snapshot, restored.snapshot(), "snapshot of the restored state at height " + block.height());
        }
        assertEquals(chain.state.stateRoot(), roots.get(roots.size() - 1), "replay from genesis");
        // restore midway and continue: the same roots to the end
        for (int from : new int[] {3, 40, 100, blocks.size() - 5}) {
            LedgerState restored = LedgerState.restore(snapshots.get(from));
            for (int i = from + 1; i < blocks.size(); i++) {
                assertEquals(roots.get(i), ledger.apply(restored, blocks.get(i)).stateRoot(),
                        "restored at height " + (from + 1) + ", block " + (i + 1));
            }
        }
    }

    @Test
    void theSessionExercisedWhatItClaims() {
        LedgerFixtures.Chain chain = session();
        LedgerState replay = LedgerState.fromGenesis(chain.state.genesis());
        Ledger ledger = Ledger.verifying();
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        for (LedgerBlock block : chain.history) {
            BlockResult result = ledger.apply(replay, block);
            result.startEvents().forEach(e -> seen.add(e.getClass()));
            result.endEvents().forEach(e -> seen.add(e.getClass()));
        }
        for (Class<?> expected : List.of(LedgerEvent.OptionSettled.class, LedgerEvent.LiquidationHedge.class,
                LedgerEvent.SafeModeEntered.class, LedgerEvent.VolSafeModeEntered.class)) {
            org.junit.jupiter.api.Assertions.assertTrue(seen.contains(expected), "no " + expected.getSimpleName() + " in " + seen);
        }
    }

    @Test
    void aCorruptedSnapshotIsRefused() {
        byte[] snapshot = session().state.snapshot();
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 3);
        assertThrows(DecodingException.class, () -> LedgerState.restore(truncated));
    }

    @Test
    void genesisWithOptionsRoundTripsThroughJsonAndEncoding() {
        Genesis genesis = OptionFixtures.standard();
        assertEquals(genesis, Genesis.fromJson(genesis.toJson()));
        io.ballast.core.encoding.CanonicalReader in = new io.ballast.core.encoding.CanonicalReader(genesis.encode());
        assertEquals(genesis, Genesis.decode(in));
    }

    /**
     * A perpetual-only session (trades, price moves, a withdrawal, a liquidation, funding) reaches the
     * state root it reached before options existed (computed with the ledger at commit be02637).
     */
    @Test
    void perpetualOnlyChainsKeepTheirRoots() {
        LedgerFixtures.Chain c = new LedgerFixtures.Chain(LedgerFixtures.genesis(
                LedgerFixtures.simpleMarket().baseSpreadPpm(300).volatility(80, 1_000_000).build()));
        KeyPair a = LedgerFixtures.key("a");
        KeyPair b = LedgerFixtures.key("b");
        KeyPair k = LedgerFixtures.key("k");
        c.block(c.deposit(a, usd(5_000)), c.deposit(b, usd(5_000)), c.deposit(k, usd(1_000)));
        c.block(c.trade(a, btc(4)), c.trade(b, -btc(3)));
        c.setPrice(usd(9_500));
        c.setPrice(usd(9_000));
        c.block(c.withdraw(b, usd(100)));
        c.setPrice(usd(8_900));
        c.block(c.close(b));
        c.blockAt(c.state.timeMillis() + 4_000_000);
        assertEquals("05ce0eb11233fccda9537b7f4ba78c01264304ce5dc99ac491167d6b67c4af95", c.state.stateRoot().toHex());
    }
}
