package io.jipc.shm;

import java.time.Duration;
import java.util.Set;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
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

    @Override
    public Channel connect(Endpoint endpoint, Duration timeout) {
        return ShmConnector.connect(ShmConfig.of(endpoint), timeout);
    }

    @Override
    public ChannelServer bind(Endpoint endpoint) {
        return ShmServer.bind(ShmConfig.of(endpoint));
    }
}
