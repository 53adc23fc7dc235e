package io.ballast.api.client;

import io.ballast.api.model.CertificateView;
import io.ballast.api.model.HeaderView;
import io.ballast.core.consensus.BlockHeader;
import io.ballast.core.consensus.CommitCertificate;
import java.util.ArrayList;
import java.util.List;

/** Whether the human-readable fields of a header or certificate say what their signed encodings say. */
final class Views {
    private Views() {}

    static boolean sameHeader(HeaderView shown, BlockHeader decoded) {
        return shown.height() == decoded.height() && shown.epoch() == decoded.epoch()
                && shown.timeMillis() == decoded.timestampMillis() && shown.proposer() == decoded.proposer()
                && decoded.hash().toHex().equals(shown.hash()) && decoded.parentHash().toHex().equals(shown.parentHash())
                && decoded.stateRoot().toHex().equals(shown.stateRoot()) && decoded.txRoot().toHex().equals(shown.txRoot())
                && decoded.validatorSetHash().toHex().equals(shown.validatorSetHash());
    }

    static boolean sameCertificate(CertificateView shown, CommitCertificate decoded) {
        List<Integer> signers = new ArrayList<>();
        decoded.signatures().forEach(sig -> signers.add(sig.validator()));
        return shown.height() == decoded.height() && shown.round() == decoded.round()
                && decoded.blockHash().toHex().equals(shown.blockHash()) && signers.equals(shown.signers());
    }
}
