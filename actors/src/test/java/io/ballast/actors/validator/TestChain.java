package io.ballast.actors.validator;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small chain for entity tests: label-derived keys, one market, slow timers (nothing happens unprompted). */
final class TestChain {
    static final KeyPair AUTHORITY = Ed25519.keyPairFromLabel("actors-test/authority");
    static final KeyPair ORACLE = Ed25519.keyPairFromLabel("actors-test/oracle-0");

    private TestChain() {}

    static KeyPair validatorKey(int index) {
        return Ed25519.keyPairFromLabel("actors-test/validator-" + index);
    }

    static KeyPair trader(int index) {
        return Ed25519.keyPairFromLabel("actors-test/trader-" + index);
    }

    static Genesis genesis(int validators) {
        List<Bytes32> keys = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            keys.add(validatorKey(i).publicKey());
        }
        MarketParams market = MarketParams.builder("BTC-PERP")
                .margins(100_000, 50_000)
                .maxOpenInterestE8(500 * Units.SIZE_SCALE)
                .oracle(new OracleRuleParams(1, 10_000, 5_000_000))
                .initialIndexPriceUsd(60_000 * Units.USD_SCALE)
                .build();
        return LedgerApplication.withChainParams(Genesis.devnet("actors-test", 1_767_225_600_000L, keys,
                List.of(ORACLE.publicKey()), AUTHORITY.publicKey(), List.of(market)), quietConsensus());
    }

    /** Timers far in the future: the leader proposes only when a transaction arrives. Snapshot every 2 blocks. */
    static ConsensusConfig quietConsensus() {
        return new ConsensusConfig(60_000, 120_000, 150, 60_000, 100, 1 << 20, 16 * 1024, 16,
                new int[] {100, 100, 100}, 100_000, 4, 20, 2, 60_000, 20, 10, 100, 8 << 20, 256 << 20, 64, 500);
    }

    static ValidatorSetup setup(int validators) {
        return new ValidatorSetup(genesis(validators), quietConsensus(),
                id -> validatorKey(Integer.parseInt(id.substring(ValidatorIds.PREFIX.length()))),
                LinkShim.passThrough(), System::currentTimeMillis, 8, 1_000, 100, Duration.ofMillis(50),
                Duration.ofSeconds(1));
    }

    static byte[] deposit(long authorityNonce, KeyPair account, long amountUsd) {
        return SignedTransaction.sign(genesis(1).chainId(), AUTHORITY, authorityNonce,
                new TxBody.Deposit(account.publicKey(), amountUsd * Units.USD_SCALE)).encode();
    }
}
