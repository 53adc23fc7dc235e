package io.ballast.report;

import io.ballast.core.consensus.SafetyRules;
import io.ballast.sim.SimOptions;

/** A safety rule switched off on every validator, to prove that the report turns red (planted-bug runs only). */
public enum PlantedBug {
    NONE("none"),
    /** {@link SafetyRules#unsafeWithoutLock()}. */
    LOCK("lock"),
    /** {@link SafetyRules#unsafeWithoutPersistBeforeSign()}. */
    PERSIST("persist");

    private final String id;

    PlantedBug(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public SafetyRules rules() {
        return SimOptions.rulesNamed(id);
    }

    public static PlantedBug byId(String id) {
        for (PlantedBug bug : values()) {
            if (bug.id.equals(id)) {
                return bug;
            }
        }
        throw new IllegalArgumentException("--unsafe must be lock or persist, got '" + id + "'");
    }
}
