package io.jipc.testkit;

import java.time.Duration;

import io.jipc.Channel;
import io.jipc.process.JvmProcess;

/**
 * A channel to a peer process and that process, closed together: the channel first, then the process (killed if it
 * does not stop), then whatever else the backend set up (a server, a directory).
 *
 * @param channel the channel to the peer
 * @param process the peer's JVM
 * @param extra   closed last, e.g. the bound server; may be null
 */
public record Peer(Channel channel, JvmProcess process, AutoCloseable extra) implements AutoCloseable {

    @Override
    public void close() {
        try {
            channel.close();
        } finally {
            try {
                if (!process.join(Duration.ofSeconds(5))) {
                    process.kill();
                }
                process.close();
            } finally {
                if (extra != null) {
                    try {
                        extra.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("closing " + extra, e);
                    }
                }
            }
        }
    }
}
