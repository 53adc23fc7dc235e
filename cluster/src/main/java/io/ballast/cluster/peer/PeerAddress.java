package io.ballast.cluster.peer;

import java.net.InetSocketAddress;

/** Where a peer operator accepts connections. */
public record PeerAddress(String host, int port) {
    public PeerAddress {
        if (host.isBlank()) {
            throw new IllegalArgumentException("peer host is empty");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("peer port out of range: " + port);
        }
    }

    public static PeerAddress of(InetSocketAddress address) {
        return new PeerAddress(address.getHostString(), address.getPort());
    }

    InetSocketAddress toSocketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
