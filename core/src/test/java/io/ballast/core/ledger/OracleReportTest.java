package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleReportTest {
    private final List<KeyPair> oracles = LedgerFixtures.ORACLES;
    private final Chain chain = new Chain(LedgerFixtures.genesis(LedgerFixtures.simpleMarket()
            .oracle(new OracleRuleParams(2, 10_000, 3_000_000)).build()));

    private static RejectCode code(Receipt receipt) {
        return ((Receipt.Rejected) receipt).code();
    }

    @Test
    void indexIsTheMedianOfFreshReports() {
        long t = chain.now() + 1_000;
        BlockResult result = chain.blockAt(t,
                chain.report(oracles.get(0), LedgerFixtures.BTC, usd(10_000), t),
                chain.report(oracles.get(1), LedgerFixtures.BTC, usd(10_100), t),
                chain.report(oracles.get(2), LedgerFixtures.BTC, usd(10_050), t - 500));
        assertEquals(3, result.acceptedCount());
        // median of 10,000 / 10,100 / 10,050 = 10,050; index time = median of the timestamps = t
        MarketView view = chain.state.marketView(LedgerFixtures.BTC).orElseThrow();
        assertEquals(usd(10_050), view.indexPriceUsd());
        assertEquals(0, view.indexAgeMillis());
    }

    @Test
    void replayedOldFutureAndUnauthorizedReportsAreRejected() {
        long t = chain.now() + 1_000;
        SignedTransaction report = chain.report(oracles.get(0), LedgerFixtures.BTC, usd(10_000), t);
        BlockResult result = chain.blockAt(t,
                report,
                report,                                                                          // same timestamp
                chain.report(oracles.get(0), LedgerFixtures.BTC, usd(10_000), t - 1),            // older than latest
                chain.report(oracles.get(1), LedgerFixtures.BTC, usd(10_000), t - 10_001),        // outside the window
                chain.report(oracles.get(1), LedgerFixtures.BTC, usd(10_000), t + 5_001),         // > 5 s in the future
                chain.report(LedgerFixtures.key("not-an-oracle"), LedgerFixtures.BTC, usd(1), t),
                chain.report(oracles.get(1), "ETH-PERP", usd(1), t),
                chain.report(oracles.get(1), LedgerFixtures.BTC, 0, t),
                SignedTransaction.sign(LedgerFixtures.CHAIN_ID, oracles.get(1), 1,
                        new TxBody.OracleReport(LedgerFixtures.BTC, usd(1), t)));                // nonce must be 0
        assertTrue(result.receipts().get(0).accepted());
        assertEquals(List.of(RejectCode.DUPLICATE_REPORT, RejectCode.STALE_REPORT, RejectCode.STALE_REPORT,
                        RejectCode.FUTURE_REPORT, RejectCode.NOT_AUTHORIZED, RejectCode.UNKNOWN_MARKET,
                        RejectCode.OUT_OF_RANGE, RejectCode.OUT_OF_RANGE),
                result.receipts().subList(1, result.receipts().size()).stream().map(OracleReportTest::code).toList());
    }
}
