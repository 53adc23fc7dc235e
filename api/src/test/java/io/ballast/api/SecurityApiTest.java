package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.api.client.ApiJson;
import io.ballast.api.model.AccountEventView;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.ValidatorView;
import io.ballast.cluster.devnet.DevnetStaking;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.math.Fixed;
import io.ballast.keys.KeyFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staking chain (the devnet's bonds) through the real server: the cost of corruption in {@code GET /v1/status} and
 * in the metrics, the bonded set in {@code GET /v1/validators} (a newcomer's bond listed outside the set), and a
 * validator's bond and block rewards in its account history; every body against the OpenAPI document.
 */
class SecurityApiTest {
    private final OpenApiContract contract = new OpenApiContract();

    @Test
    void statusValidatorsMetricsAndHistoryShowTheBondedSet(@TempDir Path dir) throws Exception {
        TestChain chain = TestChain.staking(dir);
        try {
            StatusView.Security security = chain.client.status().security();
            assertTrue(security.staking());
            assertEquals(4, security.validators());
            assertEquals("1000000000", security.totalPowerUsd());
            assertEquals("333333333.333334", security.stakeToHaltUsd(), "more than a third of 10^9 USD");
            assertEquals("666666666.666667", security.stakeToForkUsd());
            assertEquals("33333333.333333", security.slashableOnForkUsd(), "10 % of the stake to halt");
            long atRisk = Units.parseUsd(security.collateralAtRiskUsd());
            assertTrue(atRisk >= 10_000_000 * Units.USD_SCALE, "at least the pool's 10 million: " + security);
            assertEquals(Fixed.formatDecimal(Fixed.mulDiv(Units.parseUsd(security.slashableOnForkUsd()), Units.PPM,
                    atRisk), 6), security.corruptionCostRatio());
            assertFalse(security.warning(), security::toString);

            KeyPair newcomer = chain.fundedTrader("5000000");
            List<KeyPair> validators = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                validators.add(KeyFile.read(dir.resolve("validator-" + i + ".key")));
                chain.fund(validators.get(i), "2000000");
            }
            KeyPair first = validators.get(0);
            assertAccepted(chain.client.submitAndWait(SignedTransaction.sign(chain.genesis.chainId(), first,
                    chain.client.nextNonce(first.publicKey()), new TxBody.BondStake(1_000_000 * Units.USD_SCALE))));
            assertAccepted(chain.client.submitAndWait(SignedTransaction.sign(chain.genesis.chainId(), newcomer,
                    chain.client.nextNonce(newcomer.publicKey()), new TxBody.BondStake(DevnetStaking.MIN_BOND_USD))));
            // a trade that pays a 10 USD priority fee: half of it goes to the signers of its block's certificate
            KeyPair trader = chain.fundedTrader("100000");
            TxReceiptView trade = chain.client.submitAndWait(SignedTransaction.sign(chain.genesis.chainId(), trader,
                    chain.client.nextNonce(trader.publicKey()), 10 * Units.USD_SCALE,
                    new TxBody.Trade("BTC-PERP", 10_000_000, Units.MAX_PRICE_USD)));
            assertAccepted(trade);
            TestChain.await("the trade's block certified", Duration.ofSeconds(30),
                    () -> chain.client.status().height() > trade.height() + 1);

            String validatorsJson = get(chain, "/v1/validators");
            assertEquals(List.of(), contract.validate("/paths/" + OpenApiContract.escape("/v1/validators")
                    + "/get/responses/200/content/" + OpenApiContract.escape("application/json") + "/schema", validatorsJson));
            List<ValidatorView> rows = List.of(ApiJson.mapper().readValue(validatorsJson, ValidatorView[].class));
            assertEquals(5, rows.size(), validatorsJson);
            long rewardsUsd = 0;
            for (int i = 0; i < 4; i++) {
                ValidatorView member = rows.get(i);
                assertEquals(i, member.index());
                assertTrue(member.active());
                assertEquals(DevnetStaking.BOND_USD, member.stake());
                assertEquals(i == 0 ? "251000000" : "250000000", member.bondUsd(), "validator 0 bonded a million more");
                assertEquals("250000000", member.powerUsd(), "power changes at the next election only");
                assertNotNull(member.uptime(), member::toString);
                assertTrue(member.uptimeWindowCommits() > 0 && member.signedCommits() <= member.uptimeWindowCommits());
                rewardsUsd += Units.parseUsd(member.rewardsUsd());
            }
            assertTrue(rewardsUsd > 0, "the fee's reward reached the signers: " + validatorsJson);
            ValidatorView outside = rows.get(4);
            assertEquals(newcomer.publicKey().toHex(), outside.publicKey());
            assertEquals(-1, outside.index());
            assertFalse(outside.active());
            assertEquals("1000000", outside.bondUsd());

            List<String> firstKinds = kinds(chain, first);
            assertTrue(firstKinds.contains("bondStake"), firstKinds::toString);
            boolean rewarded = false;
            for (KeyPair validator : validators) {
                rewarded |= kinds(chain, validator).contains("ValidatorRewarded");
            }
            assertTrue(rewarded, "a signer's history shows its reward");

            String status = get(chain, "/v1/status");
            assertEquals(List.of(), contract.validate("/components/schemas/Status", status));
            StatusView.Stake stake = ApiJson.mapper().readValue(status, StatusView.class).stake();
            assertEquals(4, stake.validators());
            assertEquals(4 * DevnetStaking.BOND_USD, stake.totalStake(), "the current set's bonded power");

            String metrics = get(chain, "/metrics");
            assertEquals(3.33333333333334E8, gauge(metrics, "ballast_security_stake_to_halt_usd"), 1e-3);
            assertEquals(6.66666666666667E8, gauge(metrics, "ballast_security_stake_to_fork_usd"), 1e-3);
            assertEquals(3.3333333333333E7, gauge(metrics, "ballast_security_slashable_on_fork_usd"), 1e-3);
            assertTrue(gauge(metrics, "ballast_security_collateral_at_risk_usd") >= 1e7);
            assertTrue(gauge(metrics, "ballast_security_corruption_cost_ratio") > 1);
            assertEquals(0, gauge(metrics, "ballast_security_warning"));
            assertEquals(4, gauge(metrics, "ballast_security_validators"));
        } finally {
            chain.stop();
        }
    }

    private static void assertAccepted(TxReceiptView receipt) {
        assertTrue(receipt.accepted(), receipt::toString);
    }

    private List<String> kinds(TestChain chain, KeyPair account) throws Exception {
        String page = get(chain, "/v1/accounts/" + account.publicKey().toHex() + "/events?limit=500");
        assertEquals(List.of(), contract.validate("/components/schemas/AccountEventsPage", page));
        return chain.client.accountEvents(account.publicKey(), null, 500).items().stream().map(AccountEventView::kind).toList();
    }

    private static String get(TestChain chain, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(chain.api.url() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static double gauge(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(name + " not in\n" + exposition));
    }
}
