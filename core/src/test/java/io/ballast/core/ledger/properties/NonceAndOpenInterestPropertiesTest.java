package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Tally;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/** Nonces advance by exactly one per accepted transaction and replays always fail; open interest never exceeds its caps. */
class NonceAndOpenInterestPropertiesTest {

    private static final Tally NONCES = new Tally("acceptedNoncesAreConsecutiveAndReplaysFail");
    private static final Tally OPEN_INTEREST = new Tally("openInterestNeverExceedsItsCaps");

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void acceptedNoncesAreConsecutiveAndReplaysFail(Seed seed) {
        NONCES.record(PropertyCheck.checkWithCoverage(seed, gen -> Scenarios.scenario(gen, false), Scenario.SHRINKER,
                NonceAndOpenInterestPropertiesTest::noncesConsecutiveReplaysFail));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void openInterestNeverExceedsItsCaps(Seed seed) {
        OPEN_INTEREST.record(PropertyCheck.checkWithCoverage(seed, gen -> Scenarios.scenario(gen, false), Scenario.SHRINKER,
                NonceAndOpenInterestPropertiesTest::openInterestWithinCaps));
    }

    @AfterAll
    static void branchesWereReached() {
        NONCES.requireAtLeast(Map.of("generated replays rejected", 10.0));
        OPEN_INTEREST.requireAtLeast(Map.of("OPEN_INTEREST_CAP rejection", 10.0, "OI above half its cap", 10.0));
    }

    private static Map<String, Boolean> noncesConsecutiveReplaysFail(Scenario scenario) {
        Driver driver = new Driver(scenario);
        Bytes32 authority = driver.genesis.collateralAuthority();
        Map<Bytes32, Long> last = new HashMap<>();
        Set<Bytes32> acceptedHashes = new HashSet<>();
        List<SignedTransaction> acceptedTxs = new ArrayList<>();
        int[] replaysRejected = new int[1];
        driver.run((before, marketsBefore, block, result) -> {
            String at = " at height " + block.height();
            for (Receipt receipt : result.receipts()) {
                SignedTransaction tx = receipt.transaction();
                if (acceptedHashes.contains(tx.hash())) {
                    Receipt.Rejected rejected = assertInstanceOf(Receipt.Rejected.class, receipt, "replay accepted" + at + ": " + tx);
                    assertReplayCode(tx, rejected.code(), at);
                    replaysRejected[0]++;
                }
                if (!receipt.accepted()) {
                    continue;
                }
                acceptedHashes.add(tx.hash());
                acceptedTxs.add(tx);
                if (tx.body() instanceof TxBody.OracleReport) {
                    assertEquals(0, tx.nonce(), "oracle report nonce" + at);
                    continue;
                }
                long previous = last.getOrDefault(tx.signer(), 0L);
                assertEquals(previous + 1, tx.nonce(), "accepted nonce of " + tx.signer().shortHex() + at);
                last.put(tx.signer(), tx.nonce());
            }
            for (Bytes32 key : driver.state.accountKeys()) {
                assertEquals(last.getOrDefault(key, 0L), driver.state.nonceOf(key), "state nonce of " + key.shortHex() + at);
            }
            assertEquals(last.getOrDefault(authority, 0L), driver.state.collateralAuthorityNonce(), "authority nonce" + at);
        }, false);

        // every accepted transaction, replayed in one more block: all rejected, nothing changes
        BlockResult replay = driver.ledger.apply(driver.state, new LedgerBlock(driver.state.height() + 1,
                driver.state.timeMillis() + 1_000, 0, 0, acceptedTxs));
        for (Receipt receipt : replay.receipts()) {
            Receipt.Rejected rejected = assertInstanceOf(Receipt.Rejected.class, receipt, "replay accepted: " + receipt);
            assertReplayCode(receipt.transaction(), rejected.code(), " in the final replay block");
        }
        return Map.of("generated replays rejected", replaysRejected[0] > 0);
    }

    /** Account and authority transactions: BAD_NONCE; oracle reports (nonce 0): their timestamp is not after the latest. */
    private static void assertReplayCode(SignedTransaction tx, RejectCode code, String at) {
        if (tx.body() instanceof TxBody.OracleReport) {
            assertTrue(code == RejectCode.DUPLICATE_REPORT || code == RejectCode.STALE_REPORT, "replayed report " + tx + at + ": " + code);
        } else {
            assertEquals(RejectCode.BAD_NONCE, code, "replay of " + tx + at);
        }
    }

    private static Map<String, Boolean> openInterestWithinCaps(Scenario scenario) {
        Driver driver = new Driver(scenario);
        boolean[] capHit = new boolean[1];
        boolean[] nearCap = new boolean[1];
        driver.run((before, marketsBefore, block, result) -> {
            for (Receipt receipt : result.receipts()) {
                if (receipt instanceof Receipt.Rejected r && r.code() == RejectCode.OPEN_INTEREST_CAP) {
                    capHit[0] = true;
                }
            }
            List<MarketView> markets = driver.state.marketViews();
            driver.state.totals(); // cross-checks the OI aggregates against the positions
            for (int m = 0; m < markets.size(); m++) {
                MarketParams params = driver.genesis.markets().get(m);
                MarketView view = markets.get(m);
                long cap = params.maxOpenInterestE8();
                assertTrue(view.longOpenInterestE8() <= cap, "long OI " + view.longOpenInterestE8() + " > cap " + cap
                        + " in " + view.id() + " at height " + block.height());
                assertTrue(view.shortOpenInterestE8() <= cap, "short OI " + view.shortOpenInterestE8() + " > cap " + cap
                        + " in " + view.id() + " at height " + block.height());
                assertTrue(view.longOpenInterestE8() >= 0 && view.shortOpenInterestE8() >= 0, "negative OI");
                if (Math.max(view.longOpenInterestE8(), view.shortOpenInterestE8()) * 2 > cap) {
                    nearCap[0] = true;
                }
            }
        }, false);
        return Map.of("OPEN_INTEREST_CAP rejection", capHit[0], "OI above half its cap", nearCap[0]);
    }
}
