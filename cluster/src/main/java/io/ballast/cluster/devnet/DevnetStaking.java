package io.ballast.cluster.devnet;

import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.StakingParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import java.util.List;

/**
 * The bonded stake of a devnet's and a local cluster's genesis: every genesis validator bonds {@link #BOND_USD}, so the
 * cost of corruption and the validators' table show real numbers. With the default consensus parameters (100,000-block
 * epochs), the set changes only at epoch boundaries; jailing lasts an epoch (the genesis' minimum).
 */
public final class DevnetStaking {
    /** Each genesis validator's bond: 250 million USD (four of them: a billion of voting power). */
    public static final long BOND_USD = 250_000_000L * Units.USD_SCALE;
    /** Smallest bond a newcomer may hold. */
    public static final long MIN_BOND_USD = 1_000_000L * Units.USD_SCALE;
    /** Room for newcomers beside the genesis set. */
    public static final int MAX_VALIDATORS = 16;

    private DevnetStaking() {}

    /**
     * {@code devnet} with every validator bonding {@link #BOND_USD} and staking on: at most {@code max(16, set)}
     * validators, a 3,000-block unbonding period, 10 % of the stake burnt for equivocation, downtime windows of 500
     * certificates (missing more than half jails for an epoch and burns 1 %), half of the fees paid to the signers.
     * Unchanged below {@link StakingParams#MIN_VALIDATORS} validators (a staking set never has fewer).
     */
    public static Genesis bonded(Genesis devnet) {
        int size = devnet.validators().size();
        if (size < StakingParams.MIN_VALIDATORS || devnet.staking().enabled()) {
            return devnet;
        }
        List<ValidatorInfo> bonded = devnet.validators().stream().map(v -> new ValidatorInfo(v.key(), BOND_USD)).toList();
        StakingParams staking = new StakingParams(MIN_BOND_USD, Math.max(MAX_VALIDATORS, size), 3_000, 100_000, 500,
                500_000, 10_000, devnet.consensus().epochLengthBlocks(), 500_000);
        return new Genesis(devnet.chainId(), devnet.genesisTimeMillis(), bonded, devnet.oracleOperators(),
                devnet.collateralAuthority(), devnet.insuranceFundUsd(), devnet.poolLiquidityUsd(), devnet.limits(),
                devnet.markets(), devnet.options(), devnet.consensus(), staking).withBridge(devnet.bridge());
    }
}
