package io.jipc.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import io.jipc.Channel;
import io.jipc.Endpoint;

/** The {@code pipe:} transport's extra entry point: a channel over the standard streams of a child process. */
public interface PipeTransport extends Transport {

    /**
     * Opens a channel over a pair of streams and performs the handshake.
     *
     * @param endpoint         names the channel in errors and carries its parameters
     * @param in               the peer's output (a child's stdout, or our stdin)
     * @param out              the peer's input (a child's stdin, or our stdout)
     * @param peer             tells when the peer process is gone
     * @param handshakeTimeout how long to wait for the peer's handshake
     */
    Channel open(Endpoint endpoint, InputStream in, OutputStream out, Liveness peer, Duration handshakeTimeout);

    /**
     * As {@link #open(Endpoint, InputStream, OutputStream, Liveness, Duration)}, naming where the pipe behind
     * {@code out} can be found under {@code /proc} (e.g. {@code /proc/<child pid>/fd/0}), so small messages can be
     * written without a thread hand-off when the pipe is known to have room.
     *
     * @param outPipe the {@code /proc} link of the pipe {@code out} writes to, or null when unknown
     */
    default Channel open(Endpoint endpoint, InputStream in, OutputStream out, java.nio.file.Path outPipe, Liveness peer,
                         Duration handshakeTimeout) {
        return open(endpoint, in, out, peer, handshakeTimeout);
    }
}
