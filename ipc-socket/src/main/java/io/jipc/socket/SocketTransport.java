package io.jipc.socket;

import java.util.EnumSet;
import java.util.Set;

import io.jipc.Capabilities;
import io.jipc.Capability;
import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.spi.Transport;

/** What {@link TcpTransport} and {@link UnixTransport} share: parameters, options, connect and bind. */
abstract class SocketTransport implements Transport {

    private final SocketKind kind;
    private final Capabilities capabilities;

    SocketTransport(SocketKind kind, Set<Capability> extra) {
        this.kind = kind;
        Set<Capability> guarantees = EnumSet.of(Capability.BACK_PRESSURE, Capability.PEER_DEATH_VISIBLE,
            Capability.ORDERED, Capability.GRACEFUL_CLOSE, Capability.BINDS, Capability.AUTHENTICATES);
        guarantees.addAll(extra);
        this.capabilities = new Capabilities(guarantees, SocketConfig.MAX_MAX_MESSAGE);
    }

    @Override
    public String scheme() {
        return kind.scheme;
    }

    @Override
    public Set<String> parameters() {
        return SocketConfig.PARAMETERS;
    }

    @Override
    public Set<IpcOption<?>> options() {
        return kind == SocketKind.TCP
            ? Set.of(IpcOption.AUTH_KEY, IpcOption.TLS, IpcOption.LIVENESS_TIMEOUT, SocketOptions.INSECURE_NO_AUTH_ON_NETWORK)
            : Set.of(IpcOption.AUTH_KEY, IpcOption.LIVENESS_TIMEOUT);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Channel connect(Endpoint endpoint, IpcOptions options) {
        return SocketConnector.connect(SocketConfig.of(kind, endpoint, options));
    }

    @Override
    public ChannelServer bind(Endpoint endpoint, IpcOptions options) {
        SocketConfig config = SocketConfig.of(kind, endpoint, options);
        SocketServer.checkNetworkBind(config);
        return SocketServer.bind(config);
    }
}
