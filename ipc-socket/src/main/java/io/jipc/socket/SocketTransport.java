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
    /** Made on first use: deciding them may load Netty's native transport, which no JVM should pay for at start. */
    private volatile Capabilities capabilities;

    SocketTransport(SocketKind kind) {
        this.kind = kind;
    }

    /** @return what this transport guarantees besides what every socket does (may load Netty) */
    abstract Set<Capability> extraCapabilities();

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
        Capabilities c = capabilities;
        if (c == null) {
            Set<Capability> guarantees = EnumSet.of(Capability.BACK_PRESSURE, Capability.PEER_DEATH_VISIBLE,
                Capability.ORDERED, Capability.GRACEFUL_CLOSE, Capability.BINDS, Capability.AUTHENTICATES);
            guarantees.addAll(extraCapabilities());
            c = new Capabilities(guarantees, SocketConfig.MAX_MAX_MESSAGE);
            capabilities = c;
        }
        return c;
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
