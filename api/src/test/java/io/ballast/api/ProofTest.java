package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ballast.api.client.ApiJson;
import io.ballast.keys.KeyFile;
import io.ballast.api.client.ProofException;
import io.ballast.api.client.ProofVerifier;
import io.ballast.api.client.VerifiedAccount;
import io.ballast.api.model.AccountView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A proof from a node verifies against the genesis set; any altered proven field, certificate or set fails. */
class ProofTest {
    /** Valuations at the index: not in the account leaf (they need the market leaves), so a proof cannot cover them. */
    private static final Set<String> UNPROVEN = Set.of("equityUsd", "initialMarginUsd", "maintenanceMarginUsd",
            "notionalUsd", "marginRatio", "liquidatable", "entryPriceUsd", "markPriceUsd", "unrealizedPnlUsd",
            "pendingFundingUsd", "liquidationPriceUsd",
            "greeks"); // derived from positions and market state at the height, like the margin figures

    @Test
    void aProofFromTheNodeVerifiesAndEveryTamperingFails() throws Exception {
        TestChain chain = TestChain.shared();
        KeyPair trader = chain.fundedTrader("20000");
        chain.client.submitAndWait(chain.txs.trade(trader, chain.client.nextNonce(trader.publicKey()), "ETH-PERP",
                "-2.5", "2900"));
        AccountView view = chain.client.account(trader.publicKey(), true);
        ProofVerifier verifier = ProofVerifier.fromGenesisFile(chain.dir.resolve("genesis.json"));
        VerifiedAccount verified = verifier.verify(view);
        assertEquals(view.height(), verified.height());
        assertEquals(20_000_000_000L, verified.collateralUsd());
        assertEquals(-250_000_000L, verified.positions().get(0).sizeE8());
        assertTrue(3 * verified.signingStake() > 2 * verified.totalStake());

        JsonNode original = ApiJson.mapper().valueToTree(view);
        List<String> tampered = new ArrayList<>();
        tamper(original, "", original, tampered, verifier);
        System.out.printf("proof test: %d altered answers, every one refused%n", tampered.size());
        assertTrue(tampered.size() >= 30, "fields altered: " + tampered);

        // a certificate of another block
        AccountView other = chain.client.account(chain.fundedTrader("10").publicKey(), true);
        ObjectNode swapped = original.deepCopy();
        ((ObjectNode) swapped.get("proof")).set("certificate", ApiJson.mapper().valueToTree(other.proof().certificate()));
        assertRefused(verifier, swapped, "certificate of block " + other.proof().certificate().height());

        // a validator set it does not trust (same stakes, other keys)
        List<Bytes32> strangers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            strangers.add(KeyFile.generate().publicKey());
        }
        Genesis forged = Genesis.devnet(chain.genesis.chainId(), chain.genesis.genesisTimeMillis(), strangers,
                chain.genesis.oracleOperators(), chain.genesis.collateralAuthority(), chain.genesis.markets());
        ProofException wrongSet = assertThrows(ProofException.class, () -> ProofVerifier.fromGenesis(forged).verify(view));
        assertTrue(wrongSet.getMessage().contains("trusted"), wrongSet.getMessage());
    }

    /** Alters each proven leaf value of the JSON answer in turn (hex: one digit; numbers: +1; lists: drop one). */
    private static void tamper(JsonNode root, String path, JsonNode node, List<String> tampered, ProofVerifier verifier) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                if (!UNPROVEN.contains(name)) {
                    tamper(root, path + "/" + name, node.get(name), tampered, verifier);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                tamper(root, path + "/" + i, node.get(i), tampered, verifier);
            }
            if (node.size() > 0) {
                JsonNode copy = root.deepCopy();
                ((ArrayNode) copy.at(path)).remove(0);
                assertRefused(verifier, copy, path + " without its first element");
                tampered.add(path + "[-0]");
            }
        } else if (!node.isNull()) {
            JsonNode copy = root.deepCopy();
            String parent = path.substring(0, path.lastIndexOf('/'));
            String name = path.substring(path.lastIndexOf('/') + 1);
            JsonNode altered = alter(node);
            if (copy.at(parent).isArray()) {
                ((ArrayNode) copy.at(parent)).set(Integer.parseInt(name), altered);
            } else {
                ((ObjectNode) copy.at(parent)).set(name, altered);
            }
            assertRefused(verifier, copy, path + " = " + altered);
            tampered.add(path);
        }
    }

    private static JsonNode alter(JsonNode value) {
        if (value.isBoolean()) {
            return com.fasterxml.jackson.databind.node.BooleanNode.valueOf(!value.asBoolean());
        }
        if (value.isInt()) {
            return IntNode.valueOf(value.asInt() + 1);
        }
        if (value.isNumber()) {
            return LongNode.valueOf(value.asLong() + 1);
        }
        String text = value.asText();
        if (text.matches("[0-9a-f]+")) {
            int at = text.length() / 2;
            char flipped = text.charAt(at) == '0' ? '1' : '0';
            return TextNode.valueOf(text.substring(0, at) + flipped + text.substring(at + 1));
        }
        if (text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return TextNode.valueOf(new java.math.BigDecimal(text).add(java.math.BigDecimal.ONE).toPlainString());
        }
        return TextNode.valueOf(text.equals("BTC-PERP") ? "ETH-PERP" : "BTC-PERP");
    }

    private static void assertRefused(ProofVerifier verifier, JsonNode answer, String what) {
        AccountView altered = ApiJson.mapper().convertValue(answer, AccountView.class);
        assertThrows(ProofException.class, () -> verifier.verify(altered), "accepted with " + what);
    }
}
