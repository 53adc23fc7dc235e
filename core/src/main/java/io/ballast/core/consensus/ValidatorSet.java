package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of validators with stake. A validator's index in this list is how votes,
 * certificates and leader rotation name it. Quorum = more than 2/3 of total stake.
 */
public final class ValidatorSet {
    public static final int MAX_VALIDATORS = 1_024;
    private static final byte TAG_VALIDATOR_SET = 0x28;

    private final List<ValidatorInfo> members;
    private final long totalStake;
    private final Map<Bytes32, Integer> indexByKey = new HashMap<>();
    private final Bytes32 hash;

    public ValidatorSet(List<ValidatorInfo> members) {
        if (members.isEmpty() || members.size() > MAX_VALIDATORS) {
            throw new IllegalArgumentException("a validator set has 1.." + MAX_VALIDATORS + " members");
        }
        this.members = List.copyOf(members);
        long total = 0;
        for (int i = 0; i < this.members.size(); i++) {
            ValidatorInfo member = this.members.get(i);
            total = Math.addExact(total, member.stake());
            if (indexByKey.put(member.publicKey(), i) != null) {
                throw new IllegalArgumentException("duplicate validator key " + member.publicKey().shortHex());
            }
        }
        if (total > Long.MAX_VALUE / 3) {
            throw new IllegalArgumentException("total stake too large");
        }
        this.totalStake = total;
        this.hash = Hashing.tagged(TAG_VALIDATOR_SET, encode());
    }

    public int size() {
        return members.size();
    }

    public List<ValidatorInfo> members() {
        return members;
    }

    public ValidatorInfo member(int index) {
        return members.get(index);
    }

    public boolean contains(int index) {
        return index >= 0 && index < members.size();
    }

    /** Index of {@code publicKey}, or -1. */
    public int indexOf(Bytes32 publicKey) {
        Integer index = indexByKey.get(publicKey);
        return index == null ? -1 : index;
    }

    public long stake(int index) {
        return members.get(index).stake();
    }

    public long totalStake() {
        return totalStake;
    }

    /** True when {@code stake} is more than 2/3 of the total. */
    public boolean isQuorum(long stake) {
        return stake * 3 > totalStake * 2;
    }

    /** True when {@code stake} is more than 1/3 of the total: at least one honest validator is among them. */
    public boolean isMoreThanOneThird(long stake) {
        return stake * 3 > totalStake;
    }

    public Bytes32 hash() {
        return hash;
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(8 + members.size() * 40);
        write(writer);
        return writer.toByteArray();
    }

    void write(CanonicalWriter writer) {
        writer.putInt(members.size());
        for (ValidatorInfo member : members) {
            writer.putBytes32(member.publicKey()).putLong(member.stake());
        }
    }

    static ValidatorSet read(CanonicalReader reader) {
        int count = reader.getCount(MAX_VALIDATORS, "validator");
        if (count == 0) {
            throw new io.ballast.core.encoding.DecodingException("empty validator set");
        }
        ValidatorInfo[] members = new ValidatorInfo[count];
        for (int i = 0; i < count; i++) {
            Bytes32 key = reader.getBytes32();
            long stake = reader.getLong();
            if (stake <= 0) {
                throw new io.ballast.core.encoding.DecodingException("non-positive stake");
            }
            members[i] = new ValidatorInfo(key, stake);
        }
        try {
            return new ValidatorSet(List.of(members));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new io.ballast.core.encoding.DecodingException("invalid validator set: " + e.getMessage());
        }
    }

    public static ValidatorSet decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        ValidatorSet set = read(reader);
        reader.expectEnd();
        return set;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValidatorSet that && hash.equals(that.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "ValidatorSet[" + members.size() + " members, stake " + totalStake + ", " + hash.shortHex() + "]";
    }
}
