package io.ballast.api.client;

import io.ballast.api.model.AccountProofView;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.OptionPositionView;
import io.ballast.api.model.PositionView;
import io.ballast.core.consensus.BlockHeader;
import io.ballast.core.consensus.CommitCertificate;
import io.ballast.core.consensus.ValidatorInfo;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.MerkleProof;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.ledger.AccountProof;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Units;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A light client's check of an account answer without trusting the node: given the validator set it trusts
 * (from the genesis file), an {@link AccountView} with its proof verifies iff
 * <ol>
 *   <li>the certificate decodes and {@link CommitCertificate#verify(ValidatorSet, Bytes32)} holds for the trusted
 *       set and the header's chain id (more than 2/3 of the stake signed);</li>
 *   <li>the header decodes, its hash is the certificate's block hash, its height the certificate's, and its
 *       validator-set hash is the trusted set's;</li>
 *   <li>{@link AccountProof#verify} holds for the header's {@code stateRoot} (the root after height − 1);</li>
 *   <li>the values the node printed (nonce, collateral, LP shares, perp positions, option position sizes and premium
 *       bases, in the leaf's order) equal the proven leaf's.</li>
 * </ol>
 * Derived figures (equity, margins, marks, greeks) are computed from market state and are not proven; nor is an
 * option position's series id (the leaf holds the series' number; the listing that names it is chain state).
 * Limit: the trusted set must be the set of the certified epoch (the devnet never changes it; following epoch
 * changes needs the epoch-proof chain, not done here).
 */
public final class ProofVerifier {
    /** Option positions a leaf may list (far above any chain's per-account limit). */
    static final int MAX_OPTION_POSITIONS = 1 << 16;

    private final ValidatorSet trusted;
    private final List<String> marketIds;

    public ProofVerifier(ValidatorSet trusted, List<String> marketIds) {
        this.trusted = trusted;
        this.marketIds = List.copyOf(marketIds);
    }

    public static ProofVerifier fromGenesis(Genesis genesis) {
        List<ValidatorInfo> members = new ArrayList<>();
        for (io.ballast.core.ledger.ValidatorInfo validator : genesis.validators()) {
            members.add(new ValidatorInfo(validator.key(), validator.stake()));
        }
        List<String> markets = new ArrayList<>();
        genesis.markets().forEach(market -> markets.add(market.id()));
        return new ProofVerifier(new ValidatorSet(members), markets);
    }

    public static ProofVerifier fromGenesisFile(Path genesisJson) throws IOException {
        return fromGenesis(Genesis.fromJson(Files.readString(genesisJson, StandardCharsets.UTF_8)));
    }

    public VerifiedAccount verify(AccountView view) throws ProofException {
        AccountProofView proof = view.proof();
        if (proof == null) {
            throw new ProofException("the answer carries no proof (ask with ?proof=true; absent accounts have none)");
        }
        try {
            return check(view, proof);
        } catch (RuntimeException malformed) {
            throw new ProofException("malformed proof: " + malformed.getMessage());
        }
    }

    private VerifiedAccount check(AccountView view, AccountProofView proof) throws ProofException {
        HexFormat hex = HexFormat.of();
        CommitCertificate certificate = CommitCertificate.decode(hex.parseHex(proof.certificate().encoded()));
        BlockHeader header = BlockHeader.decode(hex.parseHex(proof.header().encoded()));
        if (!certificate.verify(trusted, header.chainId())) {
            throw new ProofException("the commit certificate does not carry > 2/3 of the trusted stake for chain "
                    + header.chainId().shortHex());
        }
        if (!header.hash().equals(certificate.blockHash()) || header.height() != certificate.height()) {
            throw new ProofException("the header is not the block the certificate signs");
        }
        if (!header.validatorSetHash().equals(trusted.hash())) {
            throw new ProofException("the header's validator set is not the trusted set");
        }
        if (!Views.sameHeader(proof.header(), header) || !Views.sameCertificate(proof.certificate(), certificate)) {
            throw new ProofException("the printed header or certificate fields differ from their signed encodings");
        }
        if (!Bytes32.fromHex(proof.stateRoot()).equals(header.stateRoot())) {
            throw new ProofException("the proof's state root is not the one the certified header carries");
        }
        if (!view.exists()) {
            throw new ProofException("the answer says the account does not exist but carries a proof");
        }
        if (header.height() != proof.height() + 1) {
            throw new ProofException("the header is at height " + header.height() + ", the proof claims the state after "
                    + proof.height());
        }
        Bytes32 account = Bytes32.fromHex(view.account());
        byte[] leaf = hex.parseHex(proof.accountEncoding());
        List<Bytes32> siblings = new ArrayList<>();
        proof.siblings().forEach(sibling -> siblings.add(Bytes32.fromHex(sibling)));
        MerkleProof merkle = new MerkleProof(proof.leafIndex(), proof.leafCount(), siblings);
        if (!AccountProof.verify(header.stateRoot(), account, leaf, merkle)) {
            throw new ProofException("the account leaf is not under the certified state root "
                    + header.stateRoot().shortHex());
        }
        VerifiedAccount verified = decode(account, header, leaf, certificate);
        matchesView(view, verified);
        return verified;
    }

    private VerifiedAccount decode(Bytes32 account, BlockHeader header, byte[] leaf, CommitCertificate certificate) {
        CanonicalReader in = new CanonicalReader(leaf);
        in.getBytes32();
        long nonce = in.getLong();
        long collateral = in.getLong();
        long lpShares = in.getLong();
        int count = in.getCount(Genesis.MAX_MARKETS, "position");
        List<VerifiedAccount.Position> positions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            positions.add(new VerifiedAccount.Position(in.getInt(), in.getLong(), in.getLong(), in.getLong()));
        }
        List<VerifiedAccount.OptionPosition> options = new ArrayList<>();
        if (in.remaining() > 0) { // chains with options append the option positions
            int optionCount = in.getCount(MAX_OPTION_POSITIONS, "option position");
            for (int i = 0; i < optionCount; i++) {
                options.add(new VerifiedAccount.OptionPosition(in.getInt(), in.getLong(), in.getLong()));
            }
        }
        in.expectEnd();
        long stake = 0;
        for (CommitCertificate.CommitSig sig : certificate.signatures()) {
            stake += trusted.stake(sig.validator());
        }
        return new VerifiedAccount(account, header.height() - 1, header.stateRoot(), nonce, collateral, lpShares,
                positions, options, stake, trusted.totalStake());
    }

    void matchesView(AccountView view, VerifiedAccount proven) throws ProofException {
        if (view.height() != proven.height()) {
            throw new ProofException("the view is at height " + view.height() + ", the proof at " + proven.height());
        }
        if (view.nonce() != proven.nonce() || Units.parseUsd(view.collateralUsd()) != proven.collateralUsd()
                || view.lpShares() != proven.lpShares()) {
            throw new ProofException("nonce, collateral or LP shares differ from the proven leaf");
        }
        if (view.positions().size() != proven.positions().size()) {
            throw new ProofException("the view lists " + view.positions().size() + " positions, the leaf "
                    + proven.positions().size());
        }
        for (int i = 0; i < proven.positions().size(); i++) {
            PositionView shown = view.positions().get(i);
            VerifiedAccount.Position leaf = proven.positions().get(i);
            if (leaf.marketOrdinal() >= marketIds.size() || !marketIds.get(leaf.marketOrdinal()).equals(shown.market())
                    || Units.parseSize(shown.size()) != leaf.sizeE8() || Units.parseUsd(shown.basisUsd()) != leaf.basisUsd()) {
                throw new ProofException("position " + i + " differs from the proven leaf");
            }
        }
        if (view.optionPositions().size() != proven.optionPositions().size()) {
            throw new ProofException("the view lists " + view.optionPositions().size() + " option positions, the leaf "
                    + proven.optionPositions().size());
        }
        for (int i = 0; i < proven.optionPositions().size(); i++) {
            OptionPositionView shown = view.optionPositions().get(i);
            VerifiedAccount.OptionPosition leaf = proven.optionPositions().get(i);
            if (Units.parseSize(shown.size()) != leaf.sizeE8()
                    || Units.parseUsd(shown.premiumBasisUsd()) != leaf.premiumBasisUsd()) {
                throw new ProofException("option position " + i + " differs from the proven leaf");
            }
        }
    }
}
