package io.ballast.api.model;

import java.util.List;

/**
 * A light-client proof: the account's canonical encoding is leaf {@code leafIndex} of the state tree after
 * height {@code height}; block {@code height + 1}'s header carries that root and its certificate signs the header.
 */
public record AccountProofView(long height, String stateRoot, String accountEncoding, int leafIndex, int leafCount,
                               List<String> siblings, HeaderView header, CertificateView certificate) {
    public AccountProofView {
        siblings = List.copyOf(siblings);
    }
}
