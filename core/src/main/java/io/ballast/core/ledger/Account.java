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
 *
 * <p>Option positions (on chains with options) are kept apart, sorted by series number: size and
 * premium basis (signed premium paid: positive long, negative short; premiums move cash at the
 * trade, the basis is only for realized PnL). {@code openPositions} counts perpetual positions only.
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
    /** 0: the chain has no options (nothing is encoded for them). */
    final int maxOptionPositions;
    int optionCount;
    int[] optionSeries;
    long[] optionSizeE8;
    long[] optionBasisUsd;

    Account(Bytes32 key, int ordinal, int marketCount, int maxOptionPositions) {
        this.key = key;
        this.ordinal = ordinal;
        this.sizeE8 = new long[marketCount];
        this.basisUsd = new long[marketCount];
        this.fundingEntryE12 = new long[marketCount];
        this.maxOptionPositions = maxOptionPositions;
    }

    /** Any position at all, perpetual or option. */
    boolean hasPositions() {
        return openPositions > 0 || optionCount > 0;
    }

    /** Index of the series' position, or −(insertion point) − 1 (as {@link java.util.Arrays#binarySearch}). */
    int optionIndex(int seriesNumber) {
        return optionCount == 0 ? -1 : java.util.Arrays.binarySearch(optionSeries, 0, optionCount, seriesNumber);
    }

    long optionSize(int seriesNumber) {
        int i = optionIndex(seriesNumber);
        return i < 0 ? 0 : optionSizeE8[i];
    }

    long optionBasis(int seriesNumber) {
        int i = optionIndex(seriesNumber);
        return i < 0 ? 0 : optionBasisUsd[i];
    }

    /** Whether setting the series' position to a non-zero size would exceed the per-account limit. */
    boolean optionSlotsFull(int seriesNumber) {
        return optionIndex(seriesNumber) < 0 && optionCount >= maxOptionPositions;
    }

    /** Sets one option position (size 0 removes it); the caller checked {@link #optionSlotsFull}. */
    void setOptionPosition(int seriesNumber, long size, long basis) {
        if (size == 0 && basis != 0) {
            throw new IllegalStateException("closed option position with leftover basis " + basis + " on " + key.shortHex());
        }
        int i = optionIndex(seriesNumber);
        if (i >= 0) {
            if (size == 0) {
                System.arraycopy(optionSeries, i + 1, optionSeries, i, optionCount - i - 1);
                System.arraycopy(optionSizeE8, i + 1, optionSizeE8, i, optionCount - i - 1);
                System.arraycopy(optionBasisUsd, i + 1, optionBasisUsd, i, optionCount - i - 1);
                optionCount--;
            } else {
                optionSizeE8[i] = size;
                optionBasisUsd[i] = basis;
            }
            return;
        }
        if (size == 0) {
            return;
        }
        if (optionCount >= maxOptionPositions) {
            throw new IllegalStateException("option position limit checked by the caller");
        }
        if (optionSeries == null) {
            optionSeries = new int[maxOptionPositions];
            optionSizeE8 = new long[maxOptionPositions];
            optionBasisUsd = new long[maxOptionPositions];
        }
        int at = -i - 1;
        System.arraycopy(optionSeries, at, optionSeries, at + 1, optionCount - at);
        System.arraycopy(optionSizeE8, at, optionSizeE8, at + 1, optionCount - at);
        System.arraycopy(optionBasisUsd, at, optionBasisUsd, at + 1, optionCount - at);
        optionSeries[at] = seriesNumber;
        optionSizeE8[at] = size;
        optionBasisUsd[at] = basis;
        optionCount++;
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
        if (maxOptionPositions > 0) { // only on chains with options: perpetual-only leaves are unchanged
            out.putInt(optionCount);
            for (int i = 0; i < optionCount; i++) {
                out.putInt(optionSeries[i]).putLong(optionSizeE8[i]).putLong(optionBasisUsd[i]);
            }
        }
    }

    byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(64 + 28 * Math.max(1, openPositions) + 20 * optionCount);
        encodeTo(out);
        return out.toByteArray();
    }

    static Account decode(CanonicalReader in, int ordinal, int marketCount, int maxOptionPositions) {
        Account account = new Account(in.getBytes32(), ordinal, marketCount, maxOptionPositions);
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
        if (maxOptionPositions > 0) {
            int options = in.getCount(maxOptionPositions, "option position");
            int previousSeries = -1;
            for (int i = 0; i < options; i++) {
                int series = in.getInt();
                long size = in.getLong();
                if (series <= previousSeries || size == 0) {
                    throw new DecodingException("option position " + series + " out of order or of size 0");
                }
                account.setOptionPosition(series, size, in.getLong());
                previousSeries = series;
            }
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
        optionCount = other.optionCount;
        if (other.optionSeries != null) {
            if (optionSeries == null) {
                optionSeries = new int[maxOptionPositions];
                optionSizeE8 = new long[maxOptionPositions];
                optionBasisUsd = new long[maxOptionPositions];
            }
            System.arraycopy(other.optionSeries, 0, optionSeries, 0, other.optionCount);
            System.arraycopy(other.optionSizeE8, 0, optionSizeE8, 0, other.optionCount);
            System.arraycopy(other.optionBasisUsd, 0, optionBasisUsd, 0, other.optionCount);
        }
    }

    Account copy() {
        Account copy = new Account(key, ordinal, sizeE8.length, maxOptionPositions);
        copy.copyFrom(this);
        return copy;
    }
}
