package io.ballast.api.model;

/**
 * A validator: its place in the set certifying the latest block, what recent commit certificates show of it, and its
 * stake as the ledger holds it (bonded validators outside the set are listed too, {@code active} false). Amounts are
 * USD decimal strings ("0" without staking, where voting weights are not money).
 *
 * @param index               its position in the set certifying the latest block (a certificate's signer index);
 *                            -1 when it is not in that set
 * @param stake               its voting weight in that set (with staking: micro-USD of bonded power); 0 when not in it
 * @param active              it is in the set certifying the latest block
 * @param online              its precommit is in at least one of the last {@code online-window-blocks} certificates
 * @param lastVoteHeight      the last height whose certificate holds its precommit (0: none seen)
 * @param failedProposals     rounds it led and failed within the reputation window (headers' failedProposers)
 * @param slashed             ejected by equivocation evidence
 * @param slashedAtHeight     the height that ejected it (0: never)
 * @param bondUsd             bonded now (counts for the next election)
 * @param unbondingUsd        unbonding: still slashable until withdrawn
 * @param powerUsd            voting power the last election gave it (with staking; "0" without)
 * @param jailed              jailed for downtime (out of the set from the next election until it unjails)
 * @param jailedUntilHeight   the height from which it may unjail (0: not jailed)
 * @param slashedUsd          stake slashed from it so far (equivocation and downtime)
 * @param rewardsUsd          block rewards paid to its account so far
 * @param uptimeWindowCommits certificates among the last reputation window ({@code reputationWindowBlocks} of the
 *                            genesis consensus parameters) signed by a set it was in
 * @param signedCommits       of those, the certificates that carry its precommit
 * @param uptime              signedCommits ÷ uptimeWindowCommits (4 decimals); null when the window is empty
 */
public record ValidatorView(int index, String id, String publicKey, long stake, boolean active, boolean online,
                            long lastVoteHeight, long lastVoteTimeMillis, int failedProposals, boolean slashed,
                            long slashedAtHeight, String bondUsd, String unbondingUsd, String powerUsd, boolean jailed,
                            long jailedUntilHeight, String slashedUsd, String rewardsUsd, long uptimeWindowCommits,
                            long signedCommits, String uptime) {}
