package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;

/** Helpers shared by the inbound and outbound sides: socket options and failure classification. */
final class PeerConnections {
    private PeerConnections() {}

    static List<Inet.SocketOption> socketOptions(PeerSettings settings) {
        return List.of(TcpSO.tcpNoDelay(true), TcpSO.sendBufferSize(settings.socketBufferBytes()),
                TcpSO.receiveBufferSize(settings.socketBufferBytes()));
    }

    /**
     * Why a connection ended: a reason recorded by whoever closed it, else the trust manager's refusal, else a
     * typed failure in the cause chain, else what the phase implies.
     */
    static CloseReason classify(CloseReason recorded, PeerTrustManager trust, Throwable failure, boolean authenticated,
            CloseReason unauthenticated) {
        if (recorded != null) {
            return recorded;
        }
        Optional<CloseReason> refusal = trust.refusal();
        if (refusal.isPresent()) {
            return refusal.get();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PeerProtocolException typed) {
                return typed.reason();
            }
        }
        return authenticated ? CloseReason.CLOSED_BY_PEER : unauthenticated;
    }

    static String describe(Bytes32 peer) {
        return PeerMetrics.peerLabel(peer);
    }
}
