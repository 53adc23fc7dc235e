package io.ballast.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
    @Test
    void matchesRfc8032TestVector1() {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        KeyPair keyPair = Ed25519.keyPairFromSeed(seed);
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", keyPair.publicKey().toHex());
        Signature signature = Ed25519.sign(keyPair, new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                signature.toHex());
        assertTrue(Ed25519.verify(keyPair.publicKey(), new byte[0], signature));
    }

    @Test
    void rejectsAlteredMessageSignatureAndKey() {
        KeyPair alice = Ed25519.keyPairFromLabel("alice");
        KeyPair bob = Ed25519.keyPairFromLabel("bob");
        byte[] message = {1, 2, 3};
        Signature signature = Ed25519.sign(alice, message);
        assertFalse(Ed25519.verify(alice.publicKey(), new byte[] {1, 2, 4}, signature));
        assertFalse(Ed25519.verify(bob.publicKey(), message, signature));
        byte[] bent = signature.toArray();
        bent[10] ^= 1;
        assertFalse(Ed25519.verify(alice.publicKey(), message, Signature.wrap(bent)));
        assertFalse(Ed25519.verify(Bytes32.ZERO, message, signature));
    }

    @Test
    void keysFromLabelsAreDeterministic() {
        assertEquals(Ed25519.keyPairFromLabel("v1").publicKey(), Ed25519.keyPairFromLabel("v1").publicKey());
    }
}
