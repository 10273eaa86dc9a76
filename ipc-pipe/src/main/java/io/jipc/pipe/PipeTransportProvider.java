package io.jipc.pipe;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;

import io.jipc.Capabilities;
import io.jipc.Capability;
import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.internal.ParentWatch;
import io.jipc.internal.Stdio;
import io.jipc.spi.Liveness;
import io.jipc.spi.PipeTransport;

/**
 * The {@code pipe:} transport. A child connects to its parent with {@code Ipc.connect("pipe:stdio")}; the parent's
 * end comes from {@link io.jipc.process.ChildProcess#channel()}. Parameters: {@code maxMessage}, {@code sendBuffer}.
 */
public final class PipeTransportProvider implements PipeTransport {

    private static final Capabilities CAPABILITIES = Capabilities.of(PipeConfig.MAX_MAX_MESSAGE, Capability.BACK_PRESSURE,
        Capability.PEER_DEATH_VISIBLE, Capability.PEER_PID, Capability.ORDERED, Capability.GRACEFUL_CLOSE);

    @Override
    public String scheme() {
        return "pipe";
    }

    @Override
    public Set<String> parameters() {
        return PipeConfig.PARAMETERS;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Channel connect(Endpoint endpoint, IpcOptions options) {
        if (!endpoint.address().equals("stdio")) {
            throw new EndpointException(endpoint, "a pipe endpoint to connect to is pipe:stdio (this process's stdin and"
                + " stdout, from the parent that started it); the parent side comes from ChildProcess.channel()");
        }
        PipeConfig config = PipeConfig.of(endpoint, options);
        Stdio.Streams streams;
        try {
            streams = Stdio.claim();
        } catch (IllegalStateException e) {
            throw new EndpointException(endpoint, e.getMessage());
        }
        ParentWatch parent = ParentWatch.current();
        return PipeChannel.open(config, streams.in(), streams.out(), PipeProbe.open(Path.of("/proc/self/fd/1")), parent,
            parent.parentPid());
    }

    @Override
    public Set<IpcOption<?>> options() {
        return Set.of(IpcOption.LIVENESS_TIMEOUT);
    }

    @Override
    public Channel open(Endpoint endpoint, InputStream in, OutputStream out, Path outPipe, Liveness peer, long peerPid,
                        IpcOptions options) {
        return PipeChannel.open(PipeConfig.of(endpoint, options), in, out, outPipe == null ? null : PipeProbe.open(outPipe),
            peer, peerPid);
    }
}
