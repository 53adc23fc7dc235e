package io.ballast.api.model;

/**
 * A validator as seen through recent commit certificates and headers.
 *
 * @param online             its precommit is in at least one of the last {@code window} certificates
 * @param lastVoteHeight     the last height whose certificate holds its precommit (0: none seen)
 * @param failedProposals    rounds it led and failed within the reputation window (headers' failedProposers)
 * @param slashedAtHeight    0 if never slashed
 */
public record ValidatorView(int index, String id, String publicKey, long stake, boolean online, long lastVoteHeight,
                            long lastVoteTimeMillis, int failedProposals, boolean slashed, long slashedAtHeight) {}
