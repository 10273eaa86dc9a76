package io.jipc;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.agrona.concurrent.IdleStrategy;

/**
 * A typed key of {@link IpcOptions}: a setting that travels beside an endpoint URI rather than in it, because it is
 * secret (a key), not text (an {@link SSLContext}), or belongs to this process only (an idle strategy).
 * <p>
 * The common options ({@link #CONNECT_TIMEOUT}, {@link #CLOSE_LINGER}, {@link #IDLE_STRATEGY}) apply to every
 * transport; any other one must be declared by the transport it is given to
 * ({@link io.jipc.spi.Transport#options()}), or opening fails with an {@link EndpointException}: a security setting
 * is never silently ignored. A {@linkplain #isSecret() secret} option's value never appears in
 * {@link IpcOptions#toString()}, an exception message or a log line. Backends may define their own options.
 * Options are compared by identity: use the constants.
 *
 * @param <T> the type of the value
 */
public final class IpcOption<T> {

    /** How long a connect waits for the peer (handshake, accept, connection); default {@link Ipc#DEFAULT_CONNECT_TIMEOUT}. */
    public static final IpcOption<Duration> CONNECT_TIMEOUT = new IpcOption<>("connectTimeout", Duration.class, false, true);

    /**
     * How long {@link Channel#close()} waits for the peer to take what was sent and answer with its own end-of-stream
     * before releasing the stream or mapping; default {@link Channel#DEFAULT_CLOSE_LINGER}.
     */
    public static final IpcOption<Duration> CLOSE_LINGER = new IpcOption<>("closeLinger", Duration.class, false, true);

    /** Makes the idle strategy a blocked send, receive or accept waits with (one per waiting thread). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final IpcOption<Supplier<IdleStrategy>> IDLE_STRATEGY =
        new IpcOption<>("idleStrategy", (Class) Supplier.class, false, true);

    /**
     * A shared secret both ends prove they hold (HMAC challenge-response, like {@code multiprocessing.connection}'s
     * authkey), for transports that authenticate. Secret. Transports that take it fall back to the
     * {@value IpcOptions#AUTH_KEY_ENVIRONMENT} environment variable when it is not given.
     */
    public static final IpcOption<byte[]> AUTH_KEY = new IpcOption<>("authKey", byte[].class, true, false);

    /**
     * How long the peer may stay silent before it counts as gone, although its process lives (stopped, swapped out,
     * wedged): both sides then prove liveness in the background (heartbeats), and a peer silent for longer becomes
     * {@link PeerGoneException} saying it is alive but not responding. Choose it longer than any pause the peer may
     * take (a long garbage collection). For transports that declare it ({@code pipe:}, {@code shm:}); off by default.
     */
    public static final IpcOption<Duration> LIVENESS_TIMEOUT = new IpcOption<>("livenessTimeout", Duration.class, false, false);

    /** TLS for transports that offer it: the context's key and trust managers decide who may connect. */
    public static final IpcOption<SSLContext> TLS = new IpcOption<>("tls", SSLContext.class, false, false);

    private final String name;
    private final Class<T> type;
    private final boolean secret;
    private final boolean common;

    private IpcOption(String name, Class<T> type, boolean secret, boolean common) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.secret = secret;
        this.common = common;
    }

    /**
     * Defines a transport's own option; the transport must list it in {@link io.jipc.spi.Transport#options()}.
     *
     * @param name   its name, for messages
     * @param type   the type of its values
     * @param secret true when its value must never be shown
     * @return the new option
     */
    public static <T> IpcOption<T> define(String name, Class<T> type, boolean secret) {
        return new IpcOption<>(name, type, secret, false);
    }

    /** @return the option's name, for messages */
    public String name() {
        return name;
    }

    /** @return the type of its values */
    public Class<T> type() {
        return type;
    }

    /** @return true when its value is never shown */
    public boolean isSecret() {
        return secret;
    }

    /** @return true when every transport accepts it */
    public boolean isCommon() {
        return common;
    }

    @Override
    public String toString() {
        return name;
    }
}
