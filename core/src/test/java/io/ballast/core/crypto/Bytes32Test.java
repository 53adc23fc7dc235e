package io.ballast.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.encoding.CanonicalReader;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Bytes32Test {
    /**
     * Decoding keys must keep hash codes consistent with their bytes after the JIT has compiled the
     * decoder: {@code wrap(Arrays.copyOfRange(..))} in {@code CanonicalReader.getBytes32} broke this on
     * OpenJDK 17.0.15 (C2) after ~150,000 decodes (restored ledger states then failed to find their own
     * validators and accounts). 12 million decodes here, about 2 s.
     */
    @Test
    void decodedKeysKeepHashCodesConsistentWithTheirBytesUnderTheJit() {
        byte[] data = new byte[32 * 40];
        new Random(1).nextBytes(data);
        long mismatches = 0;
        for (int round = 0; round < 300_000; round++) {
            CanonicalReader in = new CanonicalReader(data);
            for (int k = 0; k < 40; k++) {
                Bytes32 key = in.getBytes32();
                if (key.hashCode() != Arrays.hashCode(key.toArray())) {
                    mismatches++;
                }
            }
        }
        assertEquals(0, mismatches, "decoded keys whose cached hash code does not match their bytes");
    }

    @Test
    void copyOfCopies() {
        byte[] source = new byte[40];
        source[5] = 7;
        Bytes32 key = Bytes32.copyOf(source, 5);
        source[5] = 9;
        assertEquals(7, key.get(0));
        assertEquals(Bytes32.wrap(Arrays.copyOfRange(new byte[] {0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 5, 37)), key);
    }
}
