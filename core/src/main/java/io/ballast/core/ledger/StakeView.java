package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;

/**
 * One validator's stake as the ledger holds it. Amounts micro-USD.
 *
 * @param bondUsd           bonded now (counts for the next election)
 * @param unbondingUsd      leaving: still slashable until withdrawn
 * @param powerUsd          voting power in the last elected set (0: not in it)
 * @param slashedAtHeight   the height at which equivocation evidence ejected it (0: never)
 * @param nextReleaseHeight the height at which its oldest unbonding can be withdrawn (0: none waiting)
 * @param jailedUntilHeight 0: not jailed; else the height from which {@code Unjail} is accepted
 * @param windowSigned      certificates of the current downtime window that carry its precommit
 * @param windowMissed      certificates of the current downtime window that do not (while it was in the set)
 * @param rewardsUsd        block rewards paid to it so far
 * @param slashedUsd        stake slashed from it so far (equivocation and downtime)
 */
public record StakeView(Bytes32 key, long bondUsd, long unbondingUsd, long powerUsd, long slashedAtHeight,
                        long nextReleaseHeight, long jailedUntilHeight, long windowSigned, long windowMissed,
                        long rewardsUsd, long slashedUsd) {}
