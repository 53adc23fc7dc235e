package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;

/**
 * Consensus evidence carried by a block, as the ledger needs it: who signed two conflicting votes, and at which
 * height (the consensus verified the signatures against the set of that height's epoch).
 */
public record Equivocation(Bytes32 offender, long offenceHeight) {
    public Equivocation {
        if (offender == null || offenceHeight < 1) {
            throw new IllegalArgumentException("an equivocation needs an offender and a height ≥ 1");
        }
    }
}
