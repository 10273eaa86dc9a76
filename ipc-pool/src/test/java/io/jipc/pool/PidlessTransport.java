package io.jipc.pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Set;

import org.agrona.DirectBuffer;

import io.jipc.Capabilities;
import io.jipc.Capability;
import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.HandshakeException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.MessageHandler;
import io.jipc.PeerInfo;
import io.jipc.spi.Transport;
import io.jipc.spi.Transports;

/**
 * A test transport that stands in for TCP until the socket backend is here: shared memory whose channels cannot
 * vouch for their peer's pid ({@link PeerInfo#unknown()}) and that takes an authentication key: a client proves it
 * holds the server's key (from the options or {@value IpcOptions#AUTH_KEY_ENVIRONMENT}) in its first message; a
 * client with another key is refused at accept. {@code shm+pidless:/dev/shm/dir/name}.
 */
public final class PidlessTransport implements Transport {

    static final String SCHEME = "shm+pidless";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Set<String> parameters() {
        return shm().parameters();
    }

    @Override
    public Set<IpcOption<?>> options() {
        return Set.of(IpcOption.AUTH_KEY);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.of(1 << 20, Capability.BACK_PRESSURE, Capability.ORDERED, Capability.BINDS);
    }

    @Override
    public Channel connect(Endpoint endpoint, IpcOptions options) {
        byte[] proof = proof(endpoint, options);
        Channel channel = shm().connect(underlying(endpoint), without(options));
        channel.send(proof);
        return new Pidless(endpoint, channel);
    }

    @Override
    public ChannelServer bind(Endpoint endpoint, IpcOptions options) {
        byte[] proof = proof(endpoint, options);
        ChannelServer server = shm().bind(underlying(endpoint), without(options));
        return new ChannelServer() {
            @Override
            public Endpoint endpoint() {
                return endpoint;
            }

            @Override
            public Channel accept(Duration timeout) {
                return admit(server.accept(timeout));
            }

            @Override
            public Channel tryAccept() {
                Channel channel = server.tryAccept();
                return channel == null ? null : admit(channel);
            }

            private Channel admit(Channel channel) {
                byte[] shown = channel.receive(Duration.ofSeconds(10));
                if (!MessageDigest.isEqual(shown, proof)) {
                    channel.close(Duration.ZERO);
                    throw new HandshakeException(endpoint, "a client with the wrong key was refused");
                }
                return new Pidless(endpoint, channel);
            }

            @Override
            public boolean isReady() {
                return server.isReady();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    private static Transport shm() {
        return Transports.forScheme("shm");
    }

    private static Endpoint underlying(Endpoint endpoint) {
        return new Endpoint("shm", endpoint.address(), endpoint.parameters());
    }

    private static IpcOptions without(IpcOptions options) {
        return IpcOptions.defaults().with(IpcOption.CONNECT_TIMEOUT, options.connectTimeout());
    }

    private static byte[] proof(Endpoint endpoint, IpcOptions options) {
        byte[] key = options.authKeyOrEnvironment()
            .orElseThrow(() -> new EndpointException(endpoint, "needs an authentication key"));
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("jipc-test-proof".getBytes(StandardCharsets.UTF_8));
            return digest.digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A channel that knows nothing of its peer but that it holds the key. */
    private static final class Pidless implements Channel {
        private final Endpoint endpoint;
        private final Channel channel;

        Pidless(Endpoint endpoint, Channel channel) {
            this.endpoint = endpoint;
            this.channel = channel;
        }

        @Override
        public Endpoint endpoint() {
            return endpoint;
        }

        @Override
        public PeerInfo peer() {
            return PeerInfo.unknown().withAuthenticated();
        }

        @Override
        public int maxMessageLength() {
            return channel.maxMessageLength();
        }

        @Override
        public boolean offer(DirectBuffer buffer, int offset, int length) {
            return channel.offer(buffer, offset, length);
        }

        @Override
        public int poll(MessageHandler handler, int limit) {
            return channel.poll(handler, limit);
        }

        @Override
        public void send(DirectBuffer buffer, int offset, int length, Duration timeout) {
            channel.send(buffer, offset, length, timeout);
        }

        @Override
        public int receive(MessageHandler handler, int limit, Duration timeout) {
            return channel.receive(handler, limit, timeout);
        }

        @Override
        public byte[] receive(Duration timeout) {
            return channel.receive(timeout);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public boolean isReady() {
            return channel.isReady();
        }

        @Override
        public void close() {
            channel.close();
        }

        @Override
        public boolean close(Duration linger) {
            return channel.close(linger);
        }
    }
}
