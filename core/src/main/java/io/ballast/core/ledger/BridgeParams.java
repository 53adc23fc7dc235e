package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Who may mint collateral (genesis). With a bridge, a deposit is an {@code AttestedDeposit}: signatures of at least
 * {@code threshold} distinct attestors over the same deposit (chain, deposit nonce, account, amount), so no single
 * key can mint; the collateral authority's plain {@code Deposit} is refused. {@link #NONE}: the collateral authority
 * alone signs deposits (devnets, tests). The collateral authority still lists options either way.
 *
 * @param attestors the bridge's attestor keys (at most {@link #MAX_ATTESTORS})
 * @param threshold how many distinct attestors must sign a deposit (at least 2)
 */
public record BridgeParams(List<Bytes32> attestors, int threshold) {
    public static final BridgeParams NONE = new BridgeParams(List.of(), 0);
    public static final int MAX_ATTESTORS = 16;
    /** Marks the bridge section of a genesis encoding (negative, distinct from the other sections' tags). */
    static final int ENCODING_TAG = -0x42524447;

    public BridgeParams {
        attestors = List.copyOf(attestors);
        if (!(attestors.isEmpty() && threshold == 0)) {
            if (attestors.size() > MAX_ATTESTORS || threshold < 2 || threshold > attestors.size()) {
                throw new IllegalArgumentException("a bridge needs 2 <= threshold <= attestors <= " + MAX_ATTESTORS
                        + ", got " + threshold + " of " + attestors.size());
            }
            if (new HashSet<>(attestors).size() != attestors.size() || attestors.contains(Bytes32.ZERO)) {
                throw new IllegalArgumentException("bridge attestors must be distinct non-zero keys");
            }
        }
    }

    public boolean enabled() {
        return threshold > 0;
    }

    void encodeTo(CanonicalWriter out) {
        out.putInt(ENCODING_TAG).putInt(threshold).putInt(attestors.size());
        for (Bytes32 attestor : attestors) {
            out.putBytes32(attestor);
        }
    }

    /** Reads what {@link #encodeTo} wrote, tag included. */
    static BridgeParams decode(CanonicalReader in) {
        if (in.getInt() != ENCODING_TAG) {
            throw new DecodingException("not a bridge section");
        }
        int threshold = in.getInt();
        int count = in.getCount(MAX_ATTESTORS, "attestor");
        List<Bytes32> attestors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            attestors.add(in.getBytes32());
        }
        BridgeParams params = new BridgeParams(attestors, threshold);
        if (!params.enabled()) {
            throw new DecodingException("an encoded bridge section must have attestors");
        }
        return params;
    }
}
