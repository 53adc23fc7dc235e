package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.MerkleProof;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.DecodingException;
import java.util.Arrays;

/**
 * A light-client proof that an account's canonical encoding is a leaf under a state root.
 * The encoding is: key, nonce, collateralUsd, lpShares, open position count, then per position
 * (market ordinal int, sizeE8, basisUsd, fundingEntryE12), all big-endian; on chains with options
 * then the option position count and per position (series number int, sizeE8, premium basisUsd).
 */
public record AccountProof(Bytes32 account, byte[] accountEncoding, MerkleProof proof) {
    public AccountProof {
        accountEncoding = accountEncoding.clone();
    }

    @Override
    public byte[] accountEncoding() {
        return accountEncoding.clone();
    }

    /** True iff the encoding belongs to {@code account()} and is a leaf of the tree with {@code stateRoot}. */
    public static boolean verify(Bytes32 stateRoot, AccountProof proof) {
        return verify(stateRoot, proof.account, proof.accountEncoding, proof.proof);
    }

    public static boolean verify(Bytes32 stateRoot, Bytes32 account, byte[] accountEncoding, MerkleProof proof) {
        if (accountEncoding.length < Bytes32.LENGTH
                || !Arrays.equals(accountEncoding, 0, Bytes32.LENGTH, account.toArray(), 0, Bytes32.LENGTH)) {
            return false;
        }
        try {
            decodeLeaf(accountEncoding);
        } catch (DecodingException | IllegalStateException malformed) {
            return false;
        }
        return proof.verify(stateRoot, accountEncoding);
    }

    /** A whole account leaf, of a chain without options or (if that does not fit) with them. */
    private static Account decodeLeaf(byte[] encoding) {
        CanonicalReader in = new CanonicalReader(encoding);
        Account account = Account.decode(in, 0, Genesis.MAX_MARKETS, 0);
        if (in.remaining() == 0) {
            return account;
        }
        in = new CanonicalReader(encoding);
        account = Account.decode(in, 0, Genesis.MAX_MARKETS, OptionsConfig.MAX_POSITIONS_PER_ACCOUNT);
        in.expectEnd();
        return account;
    }

    /** The proven collateral (only meaningful after {@link #verify}). */
    public long collateralUsd() {
        return decodeLeaf(accountEncoding).collateralUsd;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountProof that && account.equals(that.account)
                && Arrays.equals(accountEncoding, that.accountEncoding) && proof.equals(that.proof);
    }

    @Override
    public int hashCode() {
        return account.hashCode() * 31 + Arrays.hashCode(accountEncoding);
    }

    @Override
    public String toString() {
        return "AccountProof[" + account.shortHex() + ", leaf " + proof.leafIndex() + "]";
    }
}
