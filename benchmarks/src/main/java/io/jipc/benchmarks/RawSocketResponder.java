package io.jipc.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * Child JVM of the socket benchmarks' raw floor: connects a plain blocking JDK {@link SocketChannel} to
 * {@code args[0]} ({@code tcp:port} on loopback, with TCP_NODELAY, or {@code unix:path}) and serves
 * {@link RawFrames} over it: echoes pings, counts data, acknowledges ends, until the parent closes.
 */
public final class RawSocketResponder {

    private RawSocketResponder() {
    }

    /** Serves until the parent closes the connection. */
    public static void main(String[] args) throws IOException {
        try (SocketChannel socket = RawSockets.connect(args[0])) {
            RawFrames frames = new RawFrames(Channels.newInputStream(socket), Channels.newOutputStream(socket));
            long count = 0;
            try {
                while (true) {
                    byte kind = frames.read();
                    if (kind == BenchMessages.DATA) {
                        count++;
                    } else if (kind == BenchMessages.PING) {
                        frames.write(BenchMessages.PING, 0);
                        frames.flush();
                    } else if (kind == BenchMessages.END) {
                        frames.write(BenchMessages.END, count);
                        frames.flush();
                        count = 0;
                    } else {
                        throw new IOException("unknown benchmark message kind " + kind);
                    }
                }
            } catch (EOFException e) {
                // the parent closed: done
            }
        }
    }

    /** Opens the raw floor's sockets: the parent's listener and the child's connection. */
    static final class RawSockets {
        private RawSockets() {
        }

        static SocketChannel connect(String where) throws IOException {
            if (where.startsWith("unix:")) {
                SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
                socket.connect(UnixDomainSocketAddress.of(where.substring("unix:".length())));
                return socket;
            }
            SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(where.substring("tcp:".length()))));
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return socket;
        }
    }
}
