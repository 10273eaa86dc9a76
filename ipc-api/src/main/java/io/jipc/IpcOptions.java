package io.jipc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.agrona.concurrent.IdleStrategy;

/**
 * Settings that travel beside an endpoint URI ({@link Ipc#connect(String, IpcOptions)},
 * {@link Ipc#bind(String, IpcOptions)}): timeouts, an authentication key, an {@link SSLContext}, an idle strategy,
 * or a transport's own {@link IpcOption}. Secrets belong here, never in a URI: a URI shows up in every exception
 * message, log line and child command line; a secret option's value shows up nowhere ({@link #toString()} says only
 * that it is set).
 * <pre>{@code
 * try (ChannelServer server = Ipc.bind("tcp://0.0.0.0:7000", IpcOptions.authKey(key))) { ... }
 * }</pre>
 * Immutable and thread-safe: every {@code with} returns a new instance.
 */
public final class IpcOptions {

    /**
     * The environment variable a process reads its authentication key from when none is given in the options, so a
     * worker started with a key never has it on its command line. Its value is the key's UTF-8 text, or
     * {@code base64:} followed by the key's bytes in base64.
     */
    public static final String AUTH_KEY_ENVIRONMENT = "JIPC_AUTH_KEY";

    private static final IpcOptions NONE = new IpcOptions(Map.of());

    private final Map<IpcOption<?>, Object> values;

    private IpcOptions(Map<IpcOption<?>, Object> values) {
        this.values = values;
    }

    /** @return no options: every transport's defaults */
    public static IpcOptions defaults() {
        return NONE;
    }

    /** @return options holding one value */
    public static <T> IpcOptions of(IpcOption<T> option, T value) {
        return NONE.with(option, value);
    }

    /** @return options holding an authentication key (copied; secret) */
    public static IpcOptions authKey(byte[] key) {
        return NONE.withAuthKey(key);
    }

    /** @return options holding a TLS context */
    public static IpcOptions tls(SSLContext context) {
        return NONE.with(IpcOption.TLS, context);
    }

    /** @return options holding a connect timeout */
    public static IpcOptions connectTimeout(Duration timeout) {
        return NONE.with(IpcOption.CONNECT_TIMEOUT, timeout);
    }

    /**
     * @return these options with {@code option} set to {@code value}, replacing an earlier value
     * @throws IllegalArgumentException for a value of the wrong type, a negative duration or an empty key
     */
    public <T> IpcOptions with(IpcOption<T> option, T value) {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, "value of " + option);
        if (!option.type().isInstance(value)) {
            throw new IllegalArgumentException("option " + option + " takes a " + option.type().getSimpleName()
                + ", not a " + value.getClass().getSimpleName());
        }
        Object stored = value;
        if (value instanceof Duration d && d.isNegative()) {
            throw new IllegalArgumentException("option " + option + " must not be negative: " + d);
        }
        if (value instanceof byte[] bytes) {
            if (option == IpcOption.AUTH_KEY && bytes.length == 0) {
                throw new IllegalArgumentException("an empty authentication key protects nothing");
            }
            stored = bytes.clone();
        }
        Map<IpcOption<?>, Object> copy = new IdentityHashMap<>(values);
        copy.put(option, stored);
        return new IpcOptions(Collections.unmodifiableMap(copy));
    }

    /** @return these options with an authentication key (copied) */
    public IpcOptions withAuthKey(byte[] key) {
        return with(IpcOption.AUTH_KEY, key);
    }

    /** @return these options with every value of {@code other} added, {@code other}'s winning */
    public IpcOptions with(IpcOptions other) {
        if (other.values.isEmpty()) {
            return this;
        }
        Map<IpcOption<?>, Object> copy = new IdentityHashMap<>(values);
        copy.putAll(other.values);
        return new IpcOptions(Collections.unmodifiableMap(copy));
    }

    /** @return the value of {@code option}, or null when not set (a byte array is a fresh copy) */
    public <T> T get(IpcOption<T> option) {
        Object value = values.get(option);
        if (value instanceof byte[] bytes) {
            value = bytes.clone();
        }
        return option.type().cast(value);
    }

    /** @return the value of {@code option}, or {@code defaultValue} when not set */
    public <T> T get(IpcOption<T> option, T defaultValue) {
        T value = get(option);
        return value == null ? defaultValue : value;
    }

    /** @return true when {@code option} is set */
    public boolean has(IpcOption<?> option) {
        return values.containsKey(option);
    }

    /** @return the options that are set */
    public Set<IpcOption<?>> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** @return the connect timeout, or {@link Ipc#DEFAULT_CONNECT_TIMEOUT} */
    public Duration connectTimeout() {
        return get(IpcOption.CONNECT_TIMEOUT, Ipc.DEFAULT_CONNECT_TIMEOUT);
    }

    /** @return the close linger, or {@link Channel#DEFAULT_CLOSE_LINGER} */
    public Duration closeLinger() {
        return get(IpcOption.CLOSE_LINGER, Channel.DEFAULT_CLOSE_LINGER);
    }

    /** @return a new idle strategy from {@link IpcOption#IDLE_STRATEGY}, or from {@code defaults} when not set */
    public IdleStrategy newIdleStrategy(Supplier<IdleStrategy> defaults) {
        return get(IpcOption.IDLE_STRATEGY, defaults).get();
    }

    /**
     * The authentication key: the {@link IpcOption#AUTH_KEY} option, else the {@value #AUTH_KEY_ENVIRONMENT}
     * environment variable.
     *
     * @return the key, or empty when neither is set
     */
    public Optional<byte[]> authKeyOrEnvironment() {
        byte[] key = get(IpcOption.AUTH_KEY);
        return key != null ? Optional.of(key) : environmentAuthKey();
    }

    /** @return the key in {@value #AUTH_KEY_ENVIRONMENT}, or empty when it is unset or empty */
    public static Optional<byte[]> environmentAuthKey() {
        String text = System.getenv(AUTH_KEY_ENVIRONMENT);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.startsWith("base64:")) {
            try {
                return Optional.of(Base64.getDecoder().decode(text.substring("base64:".length())));
            } catch (IllegalArgumentException e) {
                throw new EndpointException(AUTH_KEY_ENVIRONMENT + " starts with base64: but the rest is not base64");
            }
        }
        return Optional.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the text to put in {@value #AUTH_KEY_ENVIRONMENT} for a child process, so it reads back {@code key}
     */
    public static String environmentValue(byte[] key) {
        return "base64:" + Base64.getEncoder().encodeToString(key);
    }

    /** @return the options set, with every secret value hidden */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "IpcOptions[", "]");
        values.entrySet().stream()
            .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(IpcOption::name)))
            .forEach(e -> text.add(e.getKey().name() + "=" + (e.getKey().isSecret() ? "(secret)" : show(e.getValue()))));
        return text.toString();
    }

    private static String show(Object value) {
        return value instanceof SSLContext ssl ? "SSLContext(" + ssl.getProtocol() + ")" : String.valueOf(value);
    }
}
