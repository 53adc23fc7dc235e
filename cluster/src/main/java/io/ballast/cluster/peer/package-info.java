/**
 * The peer transport between validator operators (issue #12): each operator runs its own Pekko cluster and reaches
 * the others only through this package, over Pekko Streams TCP with TLS 1.3 and mutual authentication. Every byte
 * from a peer is treated as hostile.
 *
 * <h2>Who a peer is: the certificate binding</h2>
 * An operator's TLS key is a separate EC P-256 key. Its self-signed certificate carries, as a critical extension,
 * a {@link io.ballast.cluster.peer.PeerBinding}: the validator's Ed25519 signature over a domain-separated statement
 * {@code "ballast/peer-tls-binding/v1" 0 || chainId || validatorKey || SHA-256(TLS public key) || notAfter}. During
 * the handshake, a per-connection {@link io.ballast.cluster.peer.PeerTrustManager} accepts exactly one certificate
 * whose binding is for our chain, names a validator key in the current {@link io.ballast.cluster.peer.PeerSet} (or
 * exactly the dialled key), is unexpired, and verifies against the certificate's key; TLS 1.3's CertificateVerify
 * proves possession of that key. No CA and no host names: the validator set is the trust root. A stranger is refused
 * inside the handshake, before any of its bytes reach the framing layer, and each refusal has its own
 * {@link io.ballast.cluster.peer.CloseReason}.
 *
 * <p>Why not an Ed25519 certificate of the validator key itself? JDK 17 does negotiate TLS 1.3 with Ed25519
 * certificates and client authentication (checked on this machine), but then (1) the consensus key would sign a
 * TLS transcript on every connection, a second protocol for the key that signs votes; (2) its seed would have to be
 * loaded into a PKCS12 key store and the JDK's TLS engine, a second copy and format of the most valuable secret, in
 * the network-facing component; (3) rotating the TLS identity would mean changing the validator set. With the
 * binding, the validator key signs once, offline ({@link io.ballast.cluster.peer.PeerCertificates}); the running
 * transport holds only the TLS key store (mode 600), a stolen TLS key dies with the binding's {@code notAfter},
 * and the chain id in the statement keeps a binding from being replayed on another chain. Each connection uses its
 * own SSLContext, so no TLS session is ever resumed: every connection proves its certificate against the set of
 * that moment.
 *
 * <h2>Connections and frames</h2>
 * Each node dials every peer and sends only on the connection it dialled; it receives only on connections it
 * accepted, where it writes nothing but one ADMITTED frame once the dialler passed admission. Frames are a 4-byte
 * length, a kind byte (DATA, HEARTBEAT, ADMITTED) and the payload ({@link io.ballast.cluster.peer.FrameCodec}).
 * Inbound, {@link io.ballast.cluster.peer.InboundStage} decodes one frame at a time (an oversized length is refused
 * from its header), holds frames back to the peer's rate (frames/s and bytes/s, shared by its connections, so a
 * flood waits in TCP), and closes a peer that sends no complete frame for the idle timeout. Outbound, a bounded
 * {@link io.ballast.cluster.peer.Outbox} per peer survives reconnects; a full one refuses sends (counted drops),
 * heartbeats fill pauses, and a peer that stops reading is cut off after the stall timeout. Reconnection uses capped
 * exponential backoff with jitter; admission bounds handshakes in progress and per second (all peers), connections
 * per peer and reconnects per peer per minute. Every limit is in {@code conf/peer.conf}
 * ({@link io.ballast.cluster.peer.PeerSettings}); every close is counted by reason in
 * {@link io.ballast.cluster.peer.PeerMetrics}.
 *
 * <h2>Consensus over it</h2>
 * {@link io.ballast.cluster.peer.ValidatorPeerTransport} is the validator entity's
 * {@link io.ballast.actors.validator.PeerTransport} over this package (see
 * {@code ValidatorEntity.init(system, setup, transport, customize)}): the entity's sends go to its peers' links and
 * authenticated payloads come back as {@code Deliver}. Votes, proposals and sync messages are signed by their
 * validator; transaction gossip is not (unsigned since main's b034a02), so its claimed sender is checked here
 * against the connection's TLS identity, and gossip in another validator's name is dropped and counted.
 *
 * <h2>What is lost</h2>
 * Frames still queued when the transport stops, frames refused by a full outbox, and the few frames already handed
 * to a connection's TLS and TCP buffers when it breaks. Consensus tolerates loss; nothing here retransmits.
 */
package io.ballast.cluster.peer;
