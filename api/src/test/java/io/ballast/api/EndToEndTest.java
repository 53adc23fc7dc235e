package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.api.client.BallastApiException;
import io.ballast.api.client.BallastClient;
import io.ballast.api.client.Transactions;
import io.ballast.api.model.AccountEventView;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.BlockView;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.api.model.ValidatorView;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deposit, trade, funding, a price crash that liquidates, withdrawal — each step checked through the API. */
class EndToEndTest {
    @Test
    void depositTradeFundingCrashLiquidationAndWithdrawalThroughTheApi() throws Exception {
        TestChain chain = TestChain.shared();
        BallastClient client = chain.client;
        Transactions txs = chain.txs;

        StatusView status = client.status();
        assertEquals(chain.genesis.chainId(), status.chainId());
        assertEquals(4, status.stake().validators());
        List<MarketView> markets = client.markets();
        assertEquals(List.of("BTC-PERP", "ETH-PERP"), markets.stream().map(MarketView::id).toList());
        assertEquals(new BigDecimal("60000"), new BigDecimal(client.market("BTC-PERP").indexPriceUsd()));

        // deposit (signed by the collateral authority)
        KeyPair trader = KeyFile.generateFor(chain);
        long authorityNonce = client.nextNonce(chain.authority.publicKey());
        SignedTransaction deposit = txs.deposit(chain.authority, authorityNonce, trader.publicKey(), "10000");
        TxReceiptView deposited = client.submitAndWait(deposit);
        assertTrue(deposited.accepted());
        assertEquals("deposit", deposited.type());
        AccountView afterDeposit = client.account(trader.publicKey(), false);
        assertTrue(afterDeposit.exists());
        assertEquals("10000", afterDeposit.collateralUsd());
        TxStatusView depositStatus = client.tx(deposited.txHash());
        assertEquals("COMMITTED", depositStatus.status());
        BallastApiException replay = assertThrows(BallastApiException.class, () -> client.submit(deposit));
        assertEquals("STALE_NONCE", replay.code());
        assertEquals(409, replay.status());

        // trade: buy 1 BTC (6x)
        TxReceiptView bought = client.submitAndWait(txs.trade(trader, 1, "BTC-PERP", "1", "61000"));
        assertTrue(bought.accepted(), bought.detail());
        AccountView position = client.account(trader.publicKey(), false);
        assertEquals(1, position.positions().size());
        assertEquals("1", position.positions().get(0).size());
        BigDecimal liquidationPrice = new BigDecimal(position.positions().get(0).liquidationPriceUsd());
        assertTrue(liquidationPrice.compareTo(new BigDecimal("50000")) > 0
                && liquidationPrice.compareTo(new BigDecimal("55000")) < 0, "liquidation price " + liquidationPrice);
        assertNotNull(position.marginRatio());

        // too much size for the margin: refused at execution with its own code
        BallastApiException margin = assertThrows(BallastApiException.class,
                () -> client.submitAndWait(txs.trade(trader, 2, "BTC-PERP", "50", "61000")));
        assertEquals("INSUFFICIENT_MARGIN", margin.code());

        // funding: traders are net long, so longs pay at each 2 s interval
        TestChain.await("funding charged to the long", Duration.ofSeconds(20), () -> {
            AccountView view = client.account(trader.publicKey(), false);
            return view.positions().size() == 1
                    && new BigDecimal(view.positions().get(0).pendingFundingUsd()).signum() > 0
                    && client.market("BTC-PERP").lastFundingRatePpb() > 0;
        });

        // a second trader deposits and withdraws
        KeyPair saver = chain.fundedTrader("5000");
        TxReceiptView withdrawn = client.submitAndWait(txs.withdraw(saver, client.nextNonce(saver.publicKey()), "1250.5"));
        assertTrue(withdrawn.accepted(), withdrawn.detail());
        assertEquals("3749.5", client.account(saver.publicKey(), false).collateralUsd());

        // crash: oracle operators report 50,000 through the API; the ledger liquidates the long at block end
        chain.setPrice("BTC-PERP", "50000");
        try {
            TestChain.await("the long liquidated", Duration.ofSeconds(30),
                    () -> client.account(trader.publicKey(), false).positions().isEmpty());
            List<AccountEventView> events = allEvents(client, trader);
            assertTrue(events.stream().anyMatch(e -> e.kind().equals("PositionLiquidated")), "journal: " + events);
            assertTrue(events.stream().anyMatch(e -> e.kind().equals("deposit")));
            assertTrue(events.stream().anyMatch(e -> e.kind().equals("trade") && !e.accepted()
                    && e.code().equals("INSUFFICIENT_MARGIN")));
            AccountView after = client.account(trader.publicKey(), false);
            assertTrue(Units.parseUsd(after.collateralUsd()) < 10_000 * Units.USD_SCALE);
            String metrics = get(client.base(), "/metrics");
            assertTrue(metrics.matches("(?s).*ballast_liquidations_total [1-9].*"), "liquidations counted");
            assertTrue(metrics.matches("(?s).*ballast_block_interval_seconds_count [1-9].*"), "block intervals observed");
            assertTrue(metrics.contains("ballast_mempool_transactions{"), "mempool lanes exported");
            assertTrue(metrics.contains("ballast_build_info{java_version=\"" + System.getProperty("java.version")
                    + "\",version=\"" + ApiMetrics.version() + "\"} 1"), "build info exported");
            assertTrue(metrics.matches("(?s).*\njvm_memory_used_bytes\\{area=\"heap\"} [1-9].*"), "JVM metrics exported");
            assertTrue(metrics.matches("(?s).*\nprocess_cpu_seconds_total [0-9].*"), "process metrics exported");
        } finally {
            chain.setPrice("BTC-PERP", "60000");
        }

        // blocks, validators, status
        BlockView latest = client.latestBlock();
        BlockView same = client.block(latest.height());
        assertEquals(latest.hash(), same.hash());
        List<ValidatorView> validators = client.validators();
        assertEquals(4, validators.size());
        assertTrue(validators.stream().allMatch(ValidatorView::online));
        StatusView later = client.status();
        assertEquals(400, later.stake().onlineStake());
        assertTrue(later.stake().tolerableFailureStake() > 0 && later.stake().tolerableFailureStake() < 200);
        assertTrue(later.finality().blockIntervalP50Millis() > 0);
        assertTrue(later.finality().submitSamples() >= 4, "finality " + later.finality());
        assertFalse(later.mempool().isEmpty());
        assertTrue(get(client.base(), "/v1/openapi.json").contains("\"openapi\""));
    }

    private static List<AccountEventView> allEvents(BallastClient client, KeyPair trader) {
        java.util.ArrayList<AccountEventView> all = new java.util.ArrayList<>();
        Long cursor = null;
        do {
            var page = client.accountEvents(trader.publicKey(), cursor, 2);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    static String get(URI base, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }

    /** Fresh trader keys. */
    static final class KeyFile {
        static KeyPair generateFor(TestChain chain) {
            return io.ballast.keys.KeyFile.generate();
        }
    }
}
