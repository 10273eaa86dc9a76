package io.jipc.pipe;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.process.ParentWatch;
import io.jipc.process.Stdio;
import io.jipc.spi.Liveness;
import io.jipc.spi.PipeTransport;

/**
 * The {@code pipe:} transport. A child connects to its parent with {@code Ipc.connect("pipe:stdio")}; the parent's
 * end comes from {@link io.jipc.process.JvmProcess#channel()}. Parameters: {@code maxMessage}, {@code sendBuffer}.
 */
public final class PipeTransportProvider implements PipeTransport {

    @Override
    public String scheme() {
        return "pipe";
    }

    @Override
    public Set<String> parameters() {
        return PipeConfig.PARAMETERS;
    }

    @Override
    public Channel connect(Endpoint endpoint, Duration timeout) {
        if (!endpoint.address().equals("stdio")) {
            throw new EndpointException(endpoint, "a pipe endpoint to connect to is pipe:stdio (this process's stdin and"
                + " stdout, from the parent that started it); the parent side comes from JvmProcess.channel()");
        }
        PipeConfig config = PipeConfig.of(endpoint);
        Object[] streams;
        try {
            streams = Stdio.claim();
        } catch (IllegalStateException e) {
            throw new EndpointException(endpoint, e.getMessage());
        }
        return PipeChannel.open(config, (InputStream) streams[0], (OutputStream) streams[1],
            PipeProbe.open(Path.of("/proc/self/fd/1")), ParentWatch.current(), timeout);
    }

    @Override
    public Channel open(Endpoint endpoint, InputStream in, OutputStream out, Liveness peer, Duration handshakeTimeout) {
        return PipeChannel.open(PipeConfig.of(endpoint), in, out, null, peer, handshakeTimeout);
    }

    @Override
    public Channel open(Endpoint endpoint, InputStream in, OutputStream out, Path outPipe, Liveness peer,
                        Duration handshakeTimeout) {
        return PipeChannel.open(PipeConfig.of(endpoint), in, out, outPipe == null ? null : PipeProbe.open(outPipe), peer,
            handshakeTimeout);
    }
}
