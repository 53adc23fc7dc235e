package io.ballast.api.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.api.model.AccountView;
import io.ballast.api.model.OptionPositionView;
import io.ballast.core.consensus.ValidatorInfo;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.ledger.Units;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Option positions a node prints must be the proven leaf's: sizes and premium bases, in the leaf's order. */
class ProofVerifierOptionsTest {
    private static final ProofVerifier VERIFIER = new ProofVerifier(new ValidatorSet(List.of(
            new ValidatorInfo(Ed25519.keyPairFromLabel("proof-options/validator").publicKey(), 100))), List.of("BTC-PERP"));
    private static final VerifiedAccount PROVEN = new VerifiedAccount(Bytes32.ZERO, 7, Bytes32.ZERO, 3,
            1_000 * Units.USD_SCALE, 0, List.of(),
            List.of(new VerifiedAccount.OptionPosition(2, 150_000_000L, 4_200 * Units.USD_SCALE),
                    new VerifiedAccount.OptionPosition(5, -50_000_000L, -900 * Units.USD_SCALE)),
            100, 100);

    @Test
    void theLeafsOptionPositionsPass() {
        assertDoesNotThrow(() -> VERIFIER.matchesView(view(option(150_000_000L, 4_200), option(-50_000_000L, -900)), PROVEN));
    }

    @Test
    void aDifferentSizeBasisCountOrOrderIsRefused() {
        for (AccountView lie : List.of(
                view(option(150_000_001L, 4_200), option(-50_000_000L, -900)),
                view(option(150_000_000L, 4_201), option(-50_000_000L, -900)),
                view(option(150_000_000L, 4_200)),
                view(option(150_000_000L, 4_200), option(-50_000_000L, -900), option(1L, 1)),
                view(option(-50_000_000L, -900), option(150_000_000L, 4_200)))) {
            ProofException refused = assertThrows(ProofException.class, () -> VERIFIER.matchesView(lie, PROVEN));
            assertTrue(refused.getMessage().contains("option position"), refused.getMessage());
        }
    }

    private static OptionPositionView option(long sizeE8, long basisUsd) {
        return new OptionPositionView("BTC-20270326-70000-C", "BTC-PERP", Units.formatSize(sizeE8),
                Units.formatUsd(basisUsd * Units.USD_SCALE), "0", "0", "0", "0", "0", "0", "0");
    }

    private static AccountView view(OptionPositionView... options) {
        return new AccountView(Bytes32.ZERO.toHex(), 7, true, 3, Units.formatUsd(1_000 * Units.USD_SCALE), 0, "0", "0", "0",
                "0", null, false, List.of(), null, List.of(options), List.of());
    }
}
