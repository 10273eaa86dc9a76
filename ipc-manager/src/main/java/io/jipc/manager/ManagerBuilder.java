package io.jipc.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.jipc.Endpoint;
import io.jipc.IpcOptions;

/**
 * Configures a manager, then starts it in this JVM ({@link #start()}, {@link #serve()}) or in a JVM of its own
 * ({@link #spawn()}). Reusable, not thread-safe.
 * <pre>{@code
 * try (Manager manager = Manager.builder()
 *         .endpoint("shm:/dev/shm/app/manager")
 *         .allow(Job.class)                               // values of these classes may cross
 *         .register(Counter.class, CounterImpl.class)     // user objects: interface and implementation
 *         .spawn()) {                                     // in its own JVM
 *     Counter hits = manager.proxy("hits", Counter.class);
 * }
 * }</pre>
 */
public final class ManagerBuilder {

    private static final AtomicInteger FRESH_NAMES = new AtomicInteger();

    private String uri;
    private IpcOptions options = IpcOptions.defaults();
    private final List<String> allowed = new ArrayList<>();
    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(30);

    ManagerBuilder() {
    }

    /** Where the manager binds: {@code shm:}, {@code unix:}, {@code tcp:}...; default a fresh {@code shm:} name. */
    public ManagerBuilder endpoint(String endpoint) {
        this.uri = Objects.requireNonNull(endpoint, "endpoint");
        return this;
    }

    /**
     * Options beside the URI, for the transport (a key for {@code tcp:}, a liveness timeout...) and the manager
     * ({@link ManagerOption#CALL_TIMEOUT}); the clients this builder connects use them too.
     */
    public ManagerBuilder options(IpcOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Lets values of these classes cross (besides {@link io.jipc.codec.Codecs#SAFE_JDK_CLASSES}), and functions
     * declared in them run in the manager. Clients take the manager's allow-list when they connect.
     */
    public ManagerBuilder allow(Class<?>... types) {
        for (Class<?> type : types) {
            allowed.add(type.getName());
        }
        return this;
    }

    /**
     * Lets values of classes matching these patterns cross, and functions declared in them run in the manager:
     * {@code com.example.Order}, {@code com.example.*} (a package), {@code com.example.**} (and its sub-packages).
     *
     * @throws IllegalArgumentException for a pattern that allows everything, or is not an allow-list pattern
     */
    public ManagerBuilder allow(String... patterns) {
        for (String pattern : patterns) {
            if (pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!") || pattern.equals("*")
                || pattern.equals("**")) {
                throw new IllegalArgumentException("not an allow-list pattern: '" + pattern + "'");
            }
        }
        allowed.addAll(Arrays.asList(patterns));
        return this;
    }

    /**
     * Serves user objects of {@code type}, made by {@code implementation}'s public no-argument constructor, one per
     * name ({@link Manager#proxy}). Works wherever the manager runs.
     */
    public <T> ManagerBuilder register(Class<T> type, Class<? extends T> implementation) {
        Registration registration = Registration.of(type, implementation);
        registrations.put(type.getName(), registration);
        return this;
    }

    /** Serves user objects of {@code type}, made by {@code factory}: only for a manager in this JVM. */
    public <T> ManagerBuilder register(Class<T> type, Supplier<? extends T> factory) {
        registrations.put(type.getName(), new Registration(type, factory, null));
        return this;
    }

    /** JVM options of a manager in its own JVM (e.g. {@code -Xmx1g}); the ones jipc needs are added anyway. */
    public ManagerBuilder jvmOptions(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return this;
    }

    /** How long {@link #spawn()} waits for the manager's JVM to serve; default 30 s. */
    public ManagerBuilder startTimeout(Duration timeout) {
        this.startTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Starts serving in this JVM (no client).
     *
     * @throws io.jipc.AddressInUseException when a live process is bound there
     */
    public ManagerServer serve() {
        return new ManagerServer(config());
    }

    /**
     * Starts serving in this JVM and connects to it; closing the returned manager stops it.
     *
     * @throws io.jipc.AddressInUseException when a live process is bound there
     */
    public Manager start() {
        ManagerServer server = serve();
        try {
            return new Manager(new Client(server.endpoint(), options), server);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts the manager in a JVM of its own ({@link ManagerMain}, a daemon child: it dies with this JVM) with this
     * JVM's class path, waits until it serves, and connects to it; closing the returned manager stops that JVM. The
     * child binds with the authentication key of the options (through its environment), not with the other options.
     *
     * @throws ManagerException when the child could not start serving (its reason included)
     * @throws IllegalStateException when a user object is registered with a factory (it cannot travel)
     */
    public Manager spawn() {
        return SpawnedManager.spawn(config(), jvmOptions, startTimeout);
    }

    private ManagerConfig config() {
        String endpoint = uri != null ? uri
            : "shm:jipc-manager-" + ProcessHandle.current().pid() + "-" + FRESH_NAMES.incrementAndGet();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new ManagerConfig(Endpoint.parse(endpoint), options, List.copyOf(allowed), Map.copyOf(registrations),
            loader != null ? loader : ManagerBuilder.class.getClassLoader());
    }
}
