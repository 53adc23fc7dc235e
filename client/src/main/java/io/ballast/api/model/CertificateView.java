package io.ballast.api.model;

import java.util.List;

/** A commit certificate: the validators (indices) whose precommits it holds, and its canonical encoding (hex). */
public record CertificateView(long height, int round, String blockHash, List<Integer> signers, String encoded) {
    public CertificateView {
        signers = List.copyOf(signers);
    }
}
