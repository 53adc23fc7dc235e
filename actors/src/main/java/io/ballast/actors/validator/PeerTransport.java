package io.ballast.actors.validator;

import io.ballast.core.crypto.Bytes32;

/** Carries consensus bytes from one validator entity to another (addressed by public key). */
public interface PeerTransport {
    void send(String fromId, Bytes32 toKey, byte[] bytes);
}
