package io.ballast.oracle;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.List;

/**
 * Names of oracle operator entities: {@code oracle-N} is the N-th oracle operator of the genesis (the same name as
 * its key file {@code oracle-N.key}). The ledger knows operators by public key; this maps both ways.
 */
public final class OracleIds {
    public static final String PREFIX = "oracle-";

    private final List<Bytes32> keys;

    /** @param operatorKeys the genesis' oracle operators, in genesis order */
    public OracleIds(List<Bytes32> operatorKeys) {
        this.keys = List.copyOf(operatorKeys);
    }

    public static String id(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("operator index must be >= 0: " + index);
        }
        return PREFIX + index;
    }

    public List<String> all() {
        List<String> ids = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            ids.add(id(i));
        }
        return List.copyOf(ids);
    }

    public int size() {
        return keys.size();
    }

    /** The genesis index of {@code id}, or -1 when it names no operator of this genesis. */
    public int indexOf(String id) {
        if (id == null || !id.startsWith(PREFIX) || id.length() == PREFIX.length() || id.length() > PREFIX.length() + 4) {
            return -1;
        }
        String digits = id.substring(PREFIX.length());
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        int index = Integer.parseInt(digits);
        return index < keys.size() ? index : -1;
    }

    public boolean contains(String id) {
        return indexOf(id) >= 0;
    }

    /** The operator's public key in the genesis; throws for an id that names none. */
    public Bytes32 keyOf(String id) {
        int index = indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("unknown oracle operator id '" + id + "' (" + keys.size() + " in the genesis)");
        }
        return keys.get(index);
    }

    /** The entity id of an operator key, or null for a key that is not an operator of the genesis. */
    public String idOf(Bytes32 key) {
        int index = keys.indexOf(key);
        return index < 0 ? null : id(index);
    }
}
