package io.jipc.socket;

import java.util.Set;

import io.jipc.Capability;

/**
 * {@code unix:/path}: Unix-domain sockets on this host. The socket file is owner-only; a stale one (nobody listens)
 * is replaced, a live one is {@link io.jipc.AddressInUseException}; paths are limited to 106 bytes. With the native
 * epoll transport the peer's pid comes from the kernel (SO_PEERCRED). Same parameters as {@link TcpTransport}.
 */
public final class UnixTransport extends SocketTransport {

    /** Called by the service loader. */
    public UnixTransport() {
        super(SocketKind.UNIX);
    }

    @Override
    Set<Capability> extraCapabilities() {
        return EventLoops.EPOLL ? Set.of(Capability.PEER_PID) : Set.of();
    }
}
