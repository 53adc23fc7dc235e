package io.ballast.core.ledger;

/**
 * One open position valued at {@code markPriceUsd} (the index, or the last fresh price in safe mode).
 *
 * @param basisUsd          signed quote value paid (positive long, negative short)
 * @param entryPriceUsd     |basis| / |size|, floored (informational)
 * @param unrealizedPnlUsd  size × mark − basis (floor), before funding
 * @param pendingFundingUsd funding owed (positive) or owed to the position (negative), not yet settled
 */
public record PositionView(String marketId, long sizeE8, long basisUsd, long entryPriceUsd, long markPriceUsd,
                           long unrealizedPnlUsd, long pendingFundingUsd) {}
