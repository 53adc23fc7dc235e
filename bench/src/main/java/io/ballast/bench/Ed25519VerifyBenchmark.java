package io.ballast.bench;

import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The yardstick every signed-path number is compared with: raw BouncyCastle Ed25519 verification
 * ({@code org.bouncycastle.math.ec.rfc8032.Ed25519.verify}, no Ballast wrapper) of a 120-byte message,
 * about the size of a trade's signing message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519VerifyBenchmark {
    private byte[] publicKey;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        KeyPair keyPair = Ed25519.keyPairFromLabel("bench");
        message = new byte[120];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        Signature signed = Ed25519.sign(keyPair, message);
        publicKey = keyPair.publicKey().toArray();
        signature = signed.toArray();
        if (!verify()) {
            throw new IllegalStateException("the benchmark signature does not verify");
        }
    }

    @Benchmark
    public boolean verify() {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }
}
