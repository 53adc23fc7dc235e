package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;

/**
 * A margin account (mutable, owned by {@link LedgerState}). Positions are indexed by market
 * ordinal, so an account holds at most one position per market. {@code basisUsd} is the signed
 * quote value paid for the position (positive long, negative short); {@code fundingEntryE12} the
 * market's cumulative funding index when funding was last settled.
 */
final class Account {
    final Bytes32 key;
    final int ordinal;
    long nonce;
    long collateralUsd;
    long lpShares;
    final long[] sizeE8;
    final long[] basisUsd;
    final long[] fundingEntryE12;
    int openPositions;
    boolean dirty;

    Account(Bytes32 key, int ordinal, int marketCount) {
        this.key = key;
        this.ordinal = ordinal;
        this.sizeE8 = new long[marketCount];
        this.basisUsd = new long[marketCount];
        this.fundingEntryE12 = new long[marketCount];
    }

    /** Sets one position, keeping the open-position count. */
    void setPosition(int market, long size, long basis, long fundingEntry) {
        if (sizeE8[market] == 0 && size != 0) {
            openPositions++;
        } else if (sizeE8[market] != 0 && size == 0) {
            openPositions--;
        }
        if (size == 0 && basis != 0) {
            throw new IllegalStateException("closed position with leftover basis " + basis + " on " + key.shortHex());
        }
        sizeE8[market] = size;
        basisUsd[market] = basis;
        fundingEntryE12[market] = size == 0 ? 0 : fundingEntry;
    }

    /** Canonical leaf encoding: key, nonce, collateral, LP shares, then each open position (market ordinal, size, basis, funding entry). */
    void encodeTo(CanonicalWriter out) {
        out.putBytes32(key).putLong(nonce).putLong(collateralUsd).putLong(lpShares).putInt(openPositions);
        for (int m = 0; m < sizeE8.length; m++) {
            if (sizeE8[m] != 0) {
                out.putInt(m).putLong(sizeE8[m]).putLong(basisUsd[m]).putLong(fundingEntryE12[m]);
            }
        }
    }

    byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(64 + 28 * Math.max(1, openPositions));
        encodeTo(out);
        return out.toByteArray();
    }

    static Account decode(CanonicalReader in, int ordinal, int marketCount) {
        Account account = new Account(in.getBytes32(), ordinal, marketCount);
        account.nonce = in.getLong();
        account.collateralUsd = in.getLong();
        account.lpShares = in.getLong();
        int positions = in.getCount(marketCount, "position");
        int previous = -1;
        for (int i = 0; i < positions; i++) {
            int market = in.getInt();
            if (market <= previous || market >= marketCount) {
                throw new DecodingException("position market " + market + " out of order or range");
            }
            long size = in.getLong();
            if (size == 0) {
                throw new DecodingException("an encoded position has size 0");
            }
            account.setPosition(market, size, in.getLong(), in.getLong());
            previous = market;
        }
        return account;
    }

    void copyFrom(Account other) {
        nonce = other.nonce;
        collateralUsd = other.collateralUsd;
        lpShares = other.lpShares;
        System.arraycopy(other.sizeE8, 0, sizeE8, 0, sizeE8.length);
        System.arraycopy(other.basisUsd, 0, basisUsd, 0, basisUsd.length);
        System.arraycopy(other.fundingEntryE12, 0, fundingEntryE12, 0, fundingEntryE12.length);
        openPositions = other.openPositions;
    }

    Account copy() {
        Account copy = new Account(key, ordinal, sizeE8.length);
        copy.copyFrom(this);
        return copy;
    }
}
