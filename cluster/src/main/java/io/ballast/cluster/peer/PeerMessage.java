package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import org.apache.pekko.util.ByteString;

/** One inbound payload and the validator whose TLS identity sent it (authenticated by the handshake). */
public record PeerMessage(Bytes32 sender, ByteString payload) {}
