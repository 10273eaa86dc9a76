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
 * Parameter names and values are percent-decoded ({@code %26} is {@code &}, UTF-8); {@link #toString()} encodes
 * them again, so {@code parse(e.toString())} equals {@code e}. Sizes are binary ({@code 64k}, {@code 4m},
 * {@code 1g}: KiB, MiB, GiB); durations say their unit ({@code 500ms}, {@code 5s}, {@code 2min}, {@code 1h}), and a
 * bare {@code m} in a duration is refused as ambiguous. Secrets never belong here: an endpoint appears in every
 * exception message and log line; pass them in {@link IpcOptions}.
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
        if (!isScheme(scheme)) {
            throw new EndpointException("invalid scheme '" + scheme + "' (expected letters, digits, '+', '-' or '.')");
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * @return true for a lower-case URI scheme: a letter, then letters, digits, '+', '-' or '.'. By hand, not a
     *     regular expression: every child JVM parses its endpoint on its way to ready, and compiling a pattern in a
     *     JVM that has just started cost it one to two milliseconds
     */
    private static boolean isScheme(String scheme) {
        if (scheme.isEmpty() || scheme.charAt(0) < 'a' || scheme.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
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
                String key = decode(eq < 0 ? pair : pair.substring(0, eq), uri);
                String value = decode(eq < 0 ? "" : pair.substring(eq + 1), uri);
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
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new EndpointException(this, "query parameter " + name + "='" + value
                + "' is not a size (examples: 65536, 64k, 4m, 1g: binary units, KiB, MiB, GiB)");
        }
    }

    /**
     * A duration parameter such as {@code 500ms}, {@code 5s}, {@code 2min}, {@code 1h}; a bare number is
     * milliseconds.
     *
     * @return the duration, or {@code defaultValue} when absent
     * @throws EndpointException when the value is not a duration, or says {@code m} (minutes or milliseconds?)
     */
    public Duration durationParameter(String name, Duration defaultValue) {
        String value = parameters.get(name);
        if (value == null) {
            return defaultValue;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("m") && !v.endsWith("ms")) {
            throw new EndpointException(this, "query parameter " + name + "='" + value
                + "': 'm' is ambiguous in a duration; write 'min' for minutes or 'ms' for milliseconds");
        }
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("min")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 3)));
            } else if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new EndpointException(this, "query parameter " + name + "='" + value
                + "' is not a duration (examples: 500ms, 5s, 2min, 1h)");
        }
    }

    /** Parses {@code 4m}-style sizes; throws IllegalArgumentException when malformed or negative. */
    static long parseSize(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ib")) {
            v = v.substring(0, v.length() - 2); // 4mib = 4m
        }
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
            sb.append(sep).append(encode(e.getKey()));
            if (!e.getValue().isEmpty()) {
                sb.append('=').append(encode(e.getValue()));
            }
            sep = '&';
        }
        return sb.toString();
    }

    /** Percent-decodes a query name or value (UTF-8); a '%' not followed by two hex digits is an error. */
    private static String decode(String text, String uri) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int percent = text.indexOf('%', i);
            if (percent != i) {
                int end = percent < 0 ? text.length() : percent;
                bytes.writeBytes(text.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw new EndpointException("malformed percent-escape at '" + text.substring(i) + "' in '" + uri
                    + "' (expected %XX with two hex digits)");
            }
            bytes.write(hi << 4 | lo);
            i += 3;
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Percent-encodes what would break the query syntax: '%', '&', '=', '#', '?', spaces and controls. */
    private static String encode(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = c == '%' || c == '&' || c == '=' || c == '#' || c == '?' || c <= ' ' || c == 0x7F;
            if (escape && sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (escape) {
                sb.append('%').append(Character.forDigit(c >> 4 & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
