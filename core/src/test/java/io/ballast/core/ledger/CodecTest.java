package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.json.JsonException;
import io.ballast.core.ledger.tx.Lane;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {
    private final KeyPair alice = LedgerFixtures.key("alice");

    private List<SignedTransaction> everyKind() {
        String chain = LedgerFixtures.CHAIN_ID;
        return List.of(
                SignedTransaction.sign(chain, LedgerFixtures.AUTHORITY, 1, new TxBody.Deposit(alice.publicKey(), usd(5))),
                SignedTransaction.sign(chain, alice, 2, 1_500, new TxBody.Withdraw(1)),
                SignedTransaction.sign(chain, alice, 3, new TxBody.Trade("BTC-PERP", -12_345_678, 9_999_500_000L)),
                SignedTransaction.sign(chain, alice, 4, new TxBody.ClosePosition("BTC-PERP", 1)),
                SignedTransaction.sign(chain, alice, 5, new TxBody.LpDeposit(usd(100))),
                SignedTransaction.sign(chain, alice, 6, new TxBody.LpWithdraw(77)),
                SignedTransaction.sign(chain, alice, 7, new TxBody.Liquidate(LedgerFixtures.key("bob").publicKey())),
                SignedTransaction.sign(chain, LedgerFixtures.ORACLES.get(0), 0,
                        new TxBody.OracleReport("BTC-PERP", 10_000_123_456L, 1_700_000_000_123L)));
    }

    @Test
    void genesisJsonRoundTrips() {
        Genesis genesis = LedgerFixtures.genesis(LedgerFixtures.simpleMarket().build(),
                LedgerFixtures.simpleMarket().id("ETH-PERP").initialIndexPriceUsd(0).build());
        String json = genesis.toJson();
        assertEquals(genesis, Genesis.fromJson(json));
        assertEquals(json, Genesis.fromJson(json).toJson());
    }

    @Test
    void genesisJsonRejectsUnknownMissingAndInvalidFields() {
        String json = LedgerFixtures.genesis().toJson();
        assertThrows(JsonException.class, () -> Genesis.fromJson(json.replace("{\"chainId\"", "{\"surprise\":1,\"chainId\"")));
        assertThrows(JsonException.class, () -> Genesis.fromJson(json.replace("\"baseSpreadPpm\"", "\"baseSpredPpm\"")));
        assertThrows(JsonException.class, () -> Genesis.fromJson(json.replace("\"initialMarginPpm\":100000,", "")));
        assertThrows(JsonException.class, () -> Genesis.fromJson(json.replace("\"maintenanceMarginPpm\":50000",
                "\"maintenanceMarginPpm\":500000")), "MM above IM");
    }

    @Test
    void transactionsRoundTripThroughBytesAndJson() {
        for (SignedTransaction tx : everyKind()) {
            SignedTransaction decoded = SignedTransaction.decode(tx.encode());
            assertEquals(tx, decoded);
            assertEquals(tx.body(), decoded.body());
            SignedTransaction fromJson = TransactionJson.fromJson(TransactionJson.toJson(tx));
            assertEquals(tx.hash(), fromJson.hash());
            assertTrue(fromJson.verifySignature(LedgerFixtures.CHAIN_ID), TransactionJson.toJson(tx));
        }
    }

    @Test
    void malformedEncodingsAreDecodingErrors() {
        byte[] bytes = everyKind().get(2).encode();
        assertThrows(DecodingException.class, () -> SignedTransaction.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(DecodingException.class, () -> SignedTransaction.decode(Arrays.copyOf(bytes, bytes.length + 1)));
        byte[] badType = bytes.clone();
        badType[48] = 99; // the body type byte after signer, nonce, fee
        assertThrows(DecodingException.class, () -> SignedTransaction.decode(badType));
        assertThrows(DecodingException.class, () -> SignedTransaction.decode(new byte[600]));
        String json = TransactionJson.toJson(everyKind().get(2));
        assertThrows(JsonException.class, () -> TransactionJson.fromJson(json.replace("{", "{\"extra\":1,")));
    }

    @Test
    void lanesClassifyForTheMempool() {
        assertEquals(List.of(Lane.ORACLE_LIQUIDATION_TOPUP, Lane.WITHDRAWAL, Lane.TRADE, Lane.TRADE, Lane.TRADE,
                        Lane.WITHDRAWAL, Lane.ORACLE_LIQUIDATION_TOPUP, Lane.ORACLE_LIQUIDATION_TOPUP),
                everyKind().stream().map(SignedTransaction::lane).toList());
    }
}
