package io.ballast.actors.validator;

import io.ballast.core.consensus.Genesis;
import io.ballast.core.consensus.ValidatorInfo;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of validator entities: {@code validator-N} is the N-th validator of the ledger genesis (the
 * same name as its key file). Consensus addresses peers by public key; this maps both ways.
 */
public final class ValidatorIds {
    public static final String PREFIX = "validator-";

    private final List<String> ids = new ArrayList<>();
    private final List<Bytes32> keys = new ArrayList<>();
    private final Map<Bytes32, String> idByKey = new HashMap<>();
    private final Map<String, Long> stakeById = new HashMap<>();

    public ValidatorIds(io.ballast.core.ledger.Genesis genesis) {
        for (int i = 0; i < genesis.validators().size(); i++) {
            io.ballast.core.ledger.ValidatorInfo validator = genesis.validators().get(i);
            String id = PREFIX + i;
            ids.add(id);
            keys.add(validator.key());
            idByKey.put(validator.key(), id);
            stakeById.put(id, validator.stake());
        }
    }

    public static String id(int index) {
        return PREFIX + index;
    }

    /** The consensus genesis matching a ledger genesis: same chain name, time and validator set. */
    public static Genesis consensusGenesis(io.ballast.core.ledger.Genesis genesis) {
        List<ValidatorInfo> members = new ArrayList<>();
        for (io.ballast.core.ledger.ValidatorInfo validator : genesis.validators()) {
            members.add(new ValidatorInfo(validator.key(), validator.stake()));
        }
        return new Genesis(genesis.chainId(), genesis.genesisTimeMillis(), new ValidatorSet(members));
    }

    public List<String> all() {
        return List.copyOf(ids);
    }

    public int size() {
        return ids.size();
    }

    /** The entity id of a validator key, or null for a key outside the genesis set. */
    public String idOf(Bytes32 key) {
        return idByKey.get(key);
    }

    public Bytes32 keyOf(String id) {
        return keys.get(indexOf(id));
    }

    public int indexOf(String id) {
        int index = ids.indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("unknown validator id " + id);
        }
        return index;
    }

    /** Stake by entity id (genesis stakes). */
    public Map<String, Long> stakes() {
        return Map.copyOf(stakeById);
    }
}
