package io.jipc.socket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.agrona.concurrent.IdleStrategy;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.spi.AbstractChannel;

/**
 * Everything one socket channel or server is opened with: the endpoint's address and parameters, and the options
 * beside it. The key is held here only as long as the handshake needs it and never appears in {@link #toString()}.
 */
final class SocketConfig {

    /** Query parameters both transports take. */
    static final Set<String> PARAMETERS = Set.of("maxMessage", "sendBuffer", "receiveBuffer", "handshakeTimeout",
        "clientAuth");
    static final int DEFAULT_MAX_MESSAGE = 4 << 20;
    static final long MAX_MAX_MESSAGE = 1L << 30;
    static final int DEFAULT_SEND_BUFFER = 1 << 20;
    static final int DEFAULT_RECEIVE_BUFFER = 4 << 20;
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Longest Unix socket path, in bytes, that both the JDK and Linux accept. */
    static final int MAX_UNIX_PATH = 106;
    /** The shortest liveness timeout: heartbeats go at a quarter of it, and a busy machine must be able to keep up. */
    static final Duration MIN_LIVENESS = Duration.ofMillis(100);

    /** TLS client certificates, {@code ?clientAuth=}: none, want (checked when given) or require. */
    enum ClientAuth { NONE, WANT, REQUIRE }

    final SocketKind kind;
    final Endpoint endpoint;
    final int maxMessage;
    final int sendBuffer;
    final int receiveBuffer;
    final Duration handshakeTimeout;
    final ClientAuth clientAuth;
    final Duration connectTimeout;
    final Duration linger;
    final Supplier<IdleStrategy> idle;
    final SSLContext tls;
    final boolean insecureNoAuth;
    /** {@link IpcOption#LIVENESS_TIMEOUT}, zero when off: the peer must be heard from (a frame or a heartbeat) this often. */
    final Duration liveness;
    private final byte[] key;
    /** TCP: host as written (for TLS host-name checks) and the socket address; Unix: the path. */
    final String host;
    final InetSocketAddress inetAddress;
    final Path path;

    private final IpcOptions options;

    private SocketConfig(SocketKind kind, Endpoint endpoint, IpcOptions options) {
        this.options = options;
        this.kind = kind;
        this.endpoint = endpoint;
        long max = endpoint.sizeParameter("maxMessage", DEFAULT_MAX_MESSAGE);
        if (max < 1 || max > MAX_MAX_MESSAGE) {
            throw new EndpointException(endpoint, "maxMessage=" + max + " is out of range 1 .. " + MAX_MAX_MESSAGE);
        }
        this.maxMessage = (int) max;
        this.sendBuffer = (int) Math.min(MAX_MAX_MESSAGE, Math.max(4096, endpoint.sizeParameter("sendBuffer", DEFAULT_SEND_BUFFER)));
        this.receiveBuffer = (int) Math.min(MAX_MAX_MESSAGE,
            Math.max(4096, endpoint.sizeParameter("receiveBuffer", DEFAULT_RECEIVE_BUFFER)));
        this.handshakeTimeout = endpoint.durationParameter("handshakeTimeout", DEFAULT_HANDSHAKE_TIMEOUT);
        this.clientAuth = clientAuth(endpoint);
        this.connectTimeout = options.connectTimeout();
        this.linger = options.closeLinger();
        this.idle = options.get(IpcOption.IDLE_STRATEGY, AbstractChannel::defaultIdleStrategy);
        this.tls = options.get(IpcOption.TLS);
        this.insecureNoAuth = Boolean.TRUE.equals(options.get(SocketOptions.INSECURE_NO_AUTH_ON_NETWORK));
        this.key = options.authKeyOrEnvironment().orElse(null);
        this.liveness = options.get(IpcOption.LIVENESS_TIMEOUT, Duration.ZERO);
        if (liveness.isNegative() || !liveness.isZero() && liveness.compareTo(MIN_LIVENESS) < 0) {
            throw new EndpointException(endpoint, "livenessTimeout " + liveness + " is shorter than the " + MIN_LIVENESS
                + " a heartbeat can prove");
        }
        if (kind == SocketKind.TCP) {
            String[] hostPort = hostAndPort(endpoint);
            this.host = hostPort[0];
            this.inetAddress = resolve(endpoint, hostPort[0], hostPort[1]);
            this.path = null;
        } else {
            if (tls != null) {
                throw new EndpointException(endpoint, "TLS is for tcp: endpoints; a unix: socket is protected by its "
                    + "file's permissions (and an authentication key if you want one)");
            }
            this.host = null;
            this.inetAddress = null;
            this.path = unixPath(endpoint);
        }
    }

    /** @return the heartbeat interval to ask the peer for, in ms: a quarter of the liveness timeout; 0 when off */
    int heartbeatMillisToAsk() {
        return liveness.isZero() ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, liveness.toMillis() / 4));
    }

    static SocketConfig of(SocketKind kind, Endpoint endpoint, IpcOptions options) {
        return new SocketConfig(kind, endpoint, options);
    }

    /** @return the same configuration naming another endpoint (a server's, with the port it bound) */
    SocketConfig withEndpoint(Endpoint bound) {
        return new SocketConfig(kind, bound, options);
    }

    /** @return the shared key (a copy), or null when none was given */
    byte[] key() {
        return key == null ? null : key.clone();
    }

    boolean hasKey() {
        return key != null;
    }

    /** @return the endpoint with the port a server actually bound (tcp port 0) */
    Endpoint boundEndpoint(int port) {
        String address = "//" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return new Endpoint(endpoint.scheme(), address, endpoint.parameters());
    }

    private static ClientAuth clientAuth(Endpoint endpoint) {
        String value = endpoint.parameter("clientAuth", "want");
        return switch (value) {
            case "none" -> ClientAuth.NONE;
            case "want" -> ClientAuth.WANT;
            case "require" -> ClientAuth.REQUIRE;
            default -> throw new EndpointException(endpoint, "clientAuth=" + value + " is not one of none, want, require");
        };
    }

    /** {@code //host:port}, {@code //[v6]:port}; an empty host is the loopback address. */
    private static String[] hostAndPort(Endpoint endpoint) {
        String address = endpoint.address();
        if (!address.startsWith("//")) {
            throw new EndpointException(endpoint, "expected tcp://host:port, e.g. tcp://127.0.0.1:7000 or tcp://0.0.0.0:0");
        }
        String rest = address.substring(2);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new EndpointException(endpoint, "no port in " + endpoint + ": expected tcp://host:port (port 0 picks a free one)");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host.isEmpty() ? "127.0.0.1" : host, rest.substring(colon + 1)};
    }

    private static InetSocketAddress resolve(Endpoint endpoint, String host, String portText) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new EndpointException(endpoint, "port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new EndpointException(endpoint, "port " + port + " is out of range 0 .. 65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new EndpointException(endpoint, "unknown host '" + host + "': " + e.getMessage());
        }
    }

    private static Path unixPath(Endpoint endpoint) {
        String address = endpoint.address();
        if (address.startsWith("//")) {
            address = address.substring(1);
        }
        if (address.isEmpty()) {
            throw new EndpointException(endpoint, "expected unix:/path/to/socket");
        }
        Path path = Paths.get(address).toAbsolutePath();
        int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_UNIX_PATH) {
            throw new EndpointException(endpoint, "the socket path is " + length + " bytes long; Unix sockets allow at most "
                + MAX_UNIX_PATH + " bytes here (Linux: 107, the JDK: 106): use a shorter path");
        }
        return path;
    }

    @Override
    public String toString() {
        return endpoint + " (maxMessage " + maxMessage + ", key " + (key == null ? "none" : "set")
            + (tls == null ? "" : ", TLS") + ")";
    }
}
