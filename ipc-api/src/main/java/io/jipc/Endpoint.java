package io.jipc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;

/**
 * A validated endpoint URI: {@code scheme:address?key=value&...}, for example {@code pipe:stdio},
 * {@code shm:/dev/shm/app/orders?capacity=4m}, {@code tcp://127.0.0.1:7000} or {@code mq:/var/lib/app/jobs}.
 * <p>
 * The scheme picks the transport; the address means what that transport says; query parameters tune it.
 * Parsing checks only the syntax: {@link Ipc} checks the scheme and the parameters against the transport,
 * and an unknown one is an {@link EndpointException} listing what is supported.
 * Immutable and thread-safe.
 *
 * @param scheme     lower-case scheme, never empty
 * @param address    everything between {@code scheme:} and {@code ?}, possibly empty
 * @param parameters query parameters in the order given, unmodifiable
 */
public record Endpoint(String scheme, String address, Map<String, String> parameters) {

    /** Validates and copies the parts; prefer {@link #parse(String)}. */
    public Endpoint {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(parameters, "parameters");
        if (scheme.isEmpty() || !scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new EndpointException("invalid scheme '" + scheme + "' (expected letters, digits, '+', '-' or '.')");
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Parses an endpoint URI.
     *
     * @param uri for example {@code shm:/dev/shm/app/orders?capacity=4m}
     * @return the endpoint
     * @throws EndpointException when the text is not of the form {@code scheme:address[?k=v&...]}
     */
    public static Endpoint parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new EndpointException("'" + uri + "' is not an endpoint URI: expected scheme:address, e.g. pipe:stdio, "
                + "shm:/dev/shm/app/orders, tcp://127.0.0.1:7000");
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        Map<String, String> params = new LinkedHashMap<>();
        int question = rest.indexOf('?');
        String address = question < 0 ? rest : rest.substring(0, question);
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&", -1)) {
                int eq = pair.indexOf('=');
                if (pair.isEmpty() || eq == 0) {
                    throw new EndpointException("malformed query parameter '" + pair + "' in '" + uri + "'");
                }
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (params.put(key, value) != null) {
                    throw new EndpointException("query parameter '" + key + "' given twice in '" + uri + "'");
                }
            }
        }
        return new Endpoint(scheme, address, params);
    }

    /**
     * Checks that every query parameter is one the transport knows.
     *
     * @param supported the names the transport accepts
     * @throws EndpointException naming the unknown parameter and listing the supported ones
     */
    public void requireOnly(Set<String> supported) {
        for (String key : parameters.keySet()) {
            if (!supported.contains(key)) {
                throw new EndpointException("unknown query parameter '" + key + "' in " + this + "; "
                    + scheme + ": supports " + (supported.isEmpty() ? "no parameters" : new TreeSet<>(supported)));
            }
        }
    }

    /** @return the parameter's value, or {@code defaultValue} when absent */
    public String parameter(String name, String defaultValue) {
        return parameters.getOrDefault(name, defaultValue);
    }

    /**
     * A size parameter such as {@code 4m}, {@code 64k}, {@code 1g} or plain bytes.
     *
     * @return the size in bytes, or {@code defaultValue} when absent
     * @throws EndpointException when the value is not a size
     */
    public long sizeParameter(String name, long defaultValue) {
        String value = parameters.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new EndpointException("query parameter " + name + "='" + value + "' in " + this
                + " is not a size (examples: 65536, 64k, 4m, 1g)");
        }
    }

    /**
     * A duration parameter such as {@code 500ms}, {@code 5s}, {@code 2m}.
     *
     * @return the duration, or {@code defaultValue} when absent
     * @throws EndpointException when the value is not a duration
     */
    public Duration durationParameter(String name, Duration defaultValue) {
        String value = parameters.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new EndpointException("query parameter " + name + "='" + value + "' in " + this
                + " is not a duration (examples: 500ms, 5s, 2m)");
        }
    }

    /** Parses {@code 4m}-style sizes; throws IllegalArgumentException when malformed or negative. */
    static long parseSize(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!v.isEmpty()) {
            char last = v.charAt(v.length() - 1);
            switch (last) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit != 1) {
                v = v.substring(0, v.length() - 1);
            }
        }
        long n = Long.parseLong(v);
        if (n < 0) {
            throw new IllegalArgumentException("negative size");
        }
        return Math.multiplyExact(n, unit);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme).append(':').append(address);
        char sep = '?';
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            sb.append(sep).append(e.getKey());
            if (!e.getValue().isEmpty()) {
                sb.append('=').append(e.getValue());
            }
            sep = '&';
        }
        return sb.toString();
    }
}
