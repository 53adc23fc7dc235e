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

/** The yardstick every signed-path number is compared with: raw BouncyCastle Ed25519 verification. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519VerifyBenchmark {
    private KeyPair keyPair;
    private byte[] message;
    private Signature signature;

    @Setup
    public void setUp() {
        keyPair = Ed25519.keyPairFromLabel("bench");
        message = new byte[120];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        signature = Ed25519.sign(keyPair, message);
    }

    @Benchmark
    public boolean verify() {
        return Ed25519.verify(keyPair.publicKey(), message, signature);
    }
}
