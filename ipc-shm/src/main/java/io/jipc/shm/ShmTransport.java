package io.jipc.shm;

import java.util.Set;

import io.jipc.Capabilities;
import io.jipc.Capability;
import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.spi.Transport;

/**
 * The {@code shm:} transport: {@code Ipc.bind("shm:/dev/shm/app/orders")} binds a server,
 * {@code Ipc.connect("shm:/dev/shm/app/orders")} connects to it. Parameters: {@code capacity}, {@code inbox},
 * {@code idle}, {@code unblockTimeout} ({@link ShmConfig}).
 */
public final class ShmTransport implements Transport {

    @Override
    public String scheme() {
        return "shm";
    }

    @Override
    public Set<String> parameters() {
        return ShmConfig.PARAMETERS;
    }

    private static final Capabilities CAPABILITIES = Capabilities.of(ShmConfig.MAX_CAPACITY / 8, Capability.BACK_PRESSURE,
        Capability.PEER_DEATH_VISIBLE, Capability.PEER_PID, Capability.ORDERED, Capability.GRACEFUL_CLOSE,
        Capability.BINDS);

    @Override
    public Set<IpcOption<?>> options() {
        return Set.of(IpcOption.LIVENESS_TIMEOUT);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Channel connect(Endpoint endpoint, IpcOptions options) {
        return ShmConnector.connect(ShmConfig.of(endpoint, options), options.connectTimeout());
    }

    @Override
    public ChannelServer bind(Endpoint endpoint, IpcOptions options) {
        return ShmServer.bind(ShmConfig.of(endpoint, options));
    }
}
