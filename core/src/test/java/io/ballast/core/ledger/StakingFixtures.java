package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;

/**
 * A staking chain for ledger tests: the standard market and funds, {@code n} genesis validators bonding 1,000 USD
 * each, a 100 USD minimum bond, at most 6 validators, a 10-block unbonding period and 4-block epochs (elections
 * after heights 3, 7, 11, …); equivocation costs 5 % of the slashable stake; missing more than half of a window of
 * 8 certificates jails for 8 blocks and costs 1 %; half of each block's fees pays the validators that certify it.
 */
public final class StakingFixtures {
    public static final StakingParams PARAMS = new StakingParams(usd(100), 6, 10, 50_000, 8, 500_000, 10_000, 8, 500_000);
    /** Epochs of 4 blocks; the other consensus parameters are the defaults. */
    public static final ConsensusParams CONSENSUS = new ConsensusParams(ConsensusParams.DEFAULT.maxBlockBytes(),
            ConsensusParams.DEFAULT.maxTxBytes(), ConsensusParams.DEFAULT.maxBlockEvidence(), 4, 4);

    private StakingFixtures() {}

    public static KeyPair validator(int i) {
        return LedgerFixtures.key("validator-" + i);
    }

    public static Genesis genesis(int validators) {
        Genesis base = LedgerFixtures.genesis();
        List<ValidatorInfo> set = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            set.add(new ValidatorInfo(validator(i).publicKey(), usd(1_000)));
        }
        return new Genesis(base.chainId(), base.genesisTimeMillis(), set, base.oracleOperators(), base.collateralAuthority(),
                base.insuranceFundUsd(), base.poolLiquidityUsd(), base.limits(), base.markets(), base.options(), CONSENSUS, PARAMS);
    }

    public static SignedTransaction bond(LedgerFixtures.Chain chain, KeyPair validator, long amountUsd) {
        return chain.signed(validator, new TxBody.BondStake(amountUsd));
    }

    public static SignedTransaction unbond(LedgerFixtures.Chain chain, KeyPair validator, long amountUsd) {
        return chain.signed(validator, new TxBody.Unbond(amountUsd));
    }

    public static SignedTransaction withdrawUnbonded(LedgerFixtures.Chain chain, KeyPair validator) {
        return chain.signed(validator, new TxBody.WithdrawUnbonded());
    }

    /** The voting power of {@code key} in the active set, 0 if absent. */
    public static long power(LedgerState state, KeyPair key) {
        return state.activeValidators().stream().filter(v -> v.key().equals(key.publicKey())).mapToLong(ValidatorInfo::stake)
                .findFirst().orElse(0);
    }

    /** The chain id votes are signed over, as every host builds the consensus genesis from the ledger's. */
    public static io.ballast.core.crypto.Bytes32 consensusChainId(Genesis genesis) {
        List<io.ballast.core.consensus.ValidatorInfo> members = new ArrayList<>();
        for (ValidatorInfo v : genesis.validators()) {
            members.add(new io.ballast.core.consensus.ValidatorInfo(v.key(), v.stake()));
        }
        return new io.ballast.core.consensus.Genesis(genesis.chainId(), genesis.genesisTimeMillis(),
                new io.ballast.core.consensus.ValidatorSet(members)).chainId();
    }

    /** Two prevotes of {@code offender} for different blocks at {@code height}, round 0. */
    public static io.ballast.core.consensus.Evidence equivocation(KeyPair offender, io.ballast.core.crypto.Bytes32 chainId,
                                                                  long height) {
        io.ballast.core.consensus.Vote a = io.ballast.core.consensus.Vote.sign(offender, chainId,
                io.ballast.core.consensus.Vote.Type.PREVOTE, height, 0, io.ballast.core.crypto.Hashing.sha256(new byte[] {1}), 1, 0);
        io.ballast.core.consensus.Vote b = io.ballast.core.consensus.Vote.sign(offender, chainId,
                io.ballast.core.consensus.Vote.Type.PREVOTE, height, 0, io.ballast.core.crypto.Hashing.sha256(new byte[] {2}), 1, 0);
        return io.ballast.core.consensus.Evidence.of(offender.publicKey(), a, b);
    }

    /** Applies empty blocks until the state's height is {@code height}. */
    public static void advanceTo(LedgerFixtures.Chain chain, long height) {
        while (chain.state.height() < height) {
            chain.block();
        }
    }
}
