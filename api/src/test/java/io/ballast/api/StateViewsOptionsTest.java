package io.ballast.api;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.actors.chain.ChainView;
import io.ballast.api.client.ApiJson;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.MarketView;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.OptionFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/accounts/{id}} and {@code GET /v1/markets} with options: positions, greeks, series quotes, as the
 * OpenAPI document describes them (the API's test chain has no options, so the contract test does not see these).
 */
class StateViewsOptionsTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");

    @Test
    void accountAndMarketViewsCarryOptionsAndGreeks() throws Exception {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(OptionFixtures.standard());
        chain.block(chain.deposit(ALICE, usd(20_000)));
        OptionFixtures.accepted(chain.submit(OptionFixtures.trade(chain, ALICE, OptionFixtures.CALL_30D, btc(1))));
        LedgerState state = chain.state;

        AccountView account = StateViews.account(state, ALICE.publicKey());
        assertEquals(1, account.optionPositions().size());
        assertEquals(OptionFixtures.CALL_30D.id(), account.optionPositions().get(0).series());
        assertEquals(1, account.greeks().size());
        JsonNode json = ApiJson.mapper().readTree(ApiJson.bytes(account));
        JsonNode greeks = json.get("greeks").get(0);
        for (String field : List.of("market", "delta", "gamma", "vegaUsd", "thetaUsd")) {
            assertNotNull(greeks.get(field), "greeks." + field + " in " + greeks);
        }
        // a long ATM call: delta about +0.5 of a unit of the underlying per unit held
        double delta = Double.parseDouble(greeks.get("delta").asText());
        assertTrue(delta > 0.4 && delta < 0.7, "delta " + delta);

        ChainView chain0 = ChainView.of(state);
        MarketView btc = StateViews.market(state.genesis(), chain0, state.marketView(LedgerFixtures.BTC).orElseThrow(), 0);
        assertNotNull(btc.options(), "BTC has options");
        assertEquals(3, btc.options().series().size());
        JsonNode series = ApiJson.mapper().readTree(ApiJson.bytes(btc)).get("options").get("series").get(0);
        assertNotNull(series.get("id"), series.toString());

        ChainView perpsOnly = new ChainView(state.height(), state.timeMillis(), state.stateRoot().toHex(), state.marketViews(),
                state.poolCashUsd(), state.poolNav(), state.poolTotalShares(), state.insuranceFundUsd(), List.of(),
                chain0.certifying(), chain0.stakes(), chain0.security());
        assertNull(StateViews.market(state.genesis(), perpsOnly, state.marketView(LedgerFixtures.BTC).orElseThrow(), 0).options());

        OpenApiContract contract = new OpenApiContract();
        assertEquals(List.of(), contract.validate("/components/schemas/Account", new String(ApiJson.bytes(account),
                java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of(), contract.validate("/components/schemas/Market", new String(ApiJson.bytes(btc),
                java.nio.charset.StandardCharsets.UTF_8)));
    }
}
