package io.jipc.socket;

import java.util.Set;

import io.jipc.Capability;

/**
 * {@code tcp://host:port}: TCP sockets, to this host or others. A server binds loopback unless given another address;
 * a non-loopback bind needs an authentication key ({@link io.jipc.IpcOption#AUTH_KEY} or {@code JIPC_AUTH_KEY}), TLS
 * with required client certificates, or {@link SocketOptions#INSECURE_NO_AUTH_ON_NETWORK}. Port 0 picks a free port
 * ({@link io.jipc.ChannelServer#endpoint()} tells which). Parameters: {@code maxMessage}, {@code sendBuffer},
 * {@code receiveBuffer}, {@code handshakeTimeout}, {@code clientAuth} (TLS: none, want, require). See docs/socket.md.
 */
public final class TcpTransport extends SocketTransport {

    /** Called by the service loader. */
    public TcpTransport() {
        super(SocketKind.TCP);
    }

    @Override
    Set<Capability> extraCapabilities() {
        return Set.of(Capability.CROSSES_HOSTS);
    }
}
