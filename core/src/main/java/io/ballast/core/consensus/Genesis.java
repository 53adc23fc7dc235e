package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.encoding.CanonicalWriter;

/**
 * What every validator of a chain starts from. {@link #chainId()} is bound into every signature,
 * so votes of one chain can never be replayed on another.
 */
public record Genesis(String chainName, long genesisTimeMillis, ValidatorSet validators) {
    private static final byte TAG_GENESIS = 0x27;

    public Bytes32 chainId() {
        CanonicalWriter writer = new CanonicalWriter().putString(chainName).putLong(genesisTimeMillis);
        validators.write(writer);
        return Hashing.tagged(TAG_GENESIS, writer.toByteArray());
    }
}
