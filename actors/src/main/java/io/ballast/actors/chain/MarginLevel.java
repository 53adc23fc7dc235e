package io.ballast.actors.chain;

import io.ballast.persistence.CborSerializable;

/** An account's equity against its maintenance margin at a height (both micro-USD). */
public record MarginLevel(String accountKey, long height, long equityUsd, long maintenanceMarginUsd)
        implements CborSerializable {
    /** True when an account with positions has equity below 1.5 × its maintenance margin (exact in longs). */
    public static boolean isMarginCall(long equityUsd, long maintenanceMarginUsd) {
        if (maintenanceMarginUsd <= 0) {
            return false;
        }
        // equity < 1.5 × mm  ⟺  equity < mm + ceil(mm / 2) for integers
        return equityUsd < Math.addExact(maintenanceMarginUsd, (maintenanceMarginUsd + 1) / 2);
    }

    public boolean isMarginCall() {
        return isMarginCall(equityUsd, maintenanceMarginUsd);
    }
}
