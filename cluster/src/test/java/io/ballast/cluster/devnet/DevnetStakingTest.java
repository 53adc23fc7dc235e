package io.ballast.cluster.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.cluster.GenesisFiles;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.SecurityView;
import io.ballast.core.ledger.StakingParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devnet's and local cluster's genesis bonds stake: real numbers for the cost of corruption from block 0. */
class DevnetStakingTest {
    private static Genesis devnet(int validators) {
        List<Bytes32> keys = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            keys.add(Bytes32.fromHex(String.format("%064x", i + 1)));
        }
        return Genesis.devnet("ballast-devnet", 1_767_225_600_000L, keys, List.of(Bytes32.fromHex("aa".repeat(32))),
                Bytes32.fromHex("bb".repeat(32)), DevnetMarkets.markets());
    }

    @Test
    void everyValidatorBondsAndTheSetHasRoomForNewcomers() {
        Genesis bonded = DevnetStaking.bonded(devnet(4));
        StakingParams staking = bonded.staking();
        assertTrue(staking.enabled());
        assertEquals(DevnetStaking.MIN_BOND_USD, staking.minBondUsd());
        assertEquals(16, staking.maxValidators());
        assertEquals(bonded.consensus().epochLengthBlocks(), staking.jailBlocks(), "jail lasts the shortest the genesis allows");
        for (ValidatorInfo validator : bonded.validators()) {
            assertEquals(DevnetStaking.BOND_USD, validator.stake());
        }
        assertEquals(20, DevnetStaking.bonded(devnet(20)).staking().maxValidators(), "never below the genesis set");
        assertEquals(bonded, Genesis.fromJson(bonded.toJson()), "round trip through genesis.json");

        SecurityView security = LedgerState.fromGenesis(bonded).securityView();
        assertEquals(4, security.validators());
        assertEquals(4 * DevnetStaking.BOND_USD, security.totalPowerUsd());
        assertEquals(10_000_000 * Units.USD_SCALE, security.collateralAtRiskUsd(), "the pool's cash, nothing else yet");
        assertFalse(security.warning(), "a fork burns more than the genesis puts at risk: " + security);
    }

    @Test
    void belowFourValidatorsTheSetStaysPermissioned() {
        Genesis three = devnet(3);
        assertSame(three, DevnetStaking.bonded(three));
    }

    @Test
    void genesisFilesWritesTheBondedGenesis(@TempDir Path dir) throws Exception {
        Genesis written = GenesisFiles.write(dir, 4, 3, "ballast-devnet", 1_767_225_600_000L, DevnetMarkets.markets(),
                io.ballast.core.ledger.OptionsConfig.NONE, DevnetStaking::bonded);
        assertTrue(written.staking().enabled());
        assertEquals(written, GenesisFiles.read(dir));
    }
}
