package io.ballast.sim;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.SafetyRules;
import io.ballast.core.consensus.Validator;
import io.ballast.core.consensus.host.ValidatorStore;
import io.ballast.core.crypto.KeyPair;

/**
 * One simulated host: a validator instance, its ledger application and its durable store. Twins
 * are two endpoints with the same key (and validator index).
 */
final class Endpoint {
    final int id;
    final int validatorIndex;
    final KeyPair keys;
    final boolean byzantine;
    /** For twins: 0 or 1, the side of the network this instance is connected to; -1 otherwise. */
    final int twinSide;
    final SafetyRules rules;

    Validator validator;
    LedgerApplication app;
    boolean up = true;
    long pausedUntilMillis;
    /** Until then everything this endpoint sends is lost (a targeted one-way cut). */
    long mutedUntilMillis;
    /** Incremented on every crash: timers of an earlier incarnation are gone with the process. */
    int incarnation;
    int crashes;
    /** Height and round of the last own vote sent, as height × 2^32 + round (the blackout aims at round changes). */
    long lastVoteRoundKey;

    /** The durable store (the runtime's model: retention and compaction included); nothing else survives a crash. */
    ValidatorStore store = ValidatorStore.EMPTY;

    Endpoint(int id, int validatorIndex, KeyPair keys, boolean byzantine, int twinSide, SafetyRules rules) {
        this.id = id;
        this.validatorIndex = validatorIndex;
        this.keys = keys;
        this.byzantine = byzantine;
        this.twinSide = twinSide;
        this.rules = rules;
    }

    boolean honest() {
        return !byzantine;
    }

    String name() {
        return "v" + validatorIndex + (twinSide >= 0 ? (twinSide == 0 ? "a" : "b") : "") + (byzantine ? "(byz)" : "");
    }

    @Override
    public String toString() {
        return name();
    }
}
