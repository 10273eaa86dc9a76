package io.jipc.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.IpcOptions;

/**
 * The {@code pipe:} transport's extra entry point, used by {@link io.jipc.process.ChildProcess}: a channel over the
 * standard streams of a child process.
 */
public interface PipeTransport extends Transport {

    /**
     * Opens a channel over a pair of streams and performs the handshake.
     *
     * @param endpoint         names the channel in errors and carries its parameters
     * @param in               the peer's output (a child's stdout)
     * @param out              the peer's input (a child's stdin)
     * @param outPipe          the {@code /proc} link of the pipe {@code out} writes to (e.g.
     *                         {@code /proc/<child pid>/fd/0}), so small messages can be written without a thread
     *                         hand-off when the pipe is known to have room; null when unknown
     * @param peer             tells when the peer process is gone
     * @param peerPid          the peer's process id, or -1 when unknown
     * @param options          the handshake timeout ({@link IpcOptions#connectTimeout()}), close linger, liveness
     *                         timeout; checked against {@link #options()} by the caller
     */
    Channel open(Endpoint endpoint, InputStream in, OutputStream out, Path outPipe, Liveness peer, long peerPid,
                 IpcOptions options);
}
