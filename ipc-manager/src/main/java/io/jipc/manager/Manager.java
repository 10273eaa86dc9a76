package io.jipc.manager;

import java.util.List;
import java.util.Objects;

import io.jipc.Endpoint;
import io.jipc.IpcOptions;

/**
 * A connection to a manager: a process that serves named shared objects (maps, lists, queues, namespaces and the
 * user's own objects) to many processes, like Python's {@code multiprocessing.Manager}. Each object is opened by
 * name and used through a proxy that implements the JDK interface it stands for; every call on a proxy is a request
 * the manager runs whole, one at a time per object.
 * <pre>{@code
 * try (Manager manager = Manager.start("shm:/dev/shm/demo/manager")) {     // or unix:, or tcp: with a key
 *     ConcurrentMap<String, Long> counts = manager.map("counts");
 *     JvmProcess.builder(Counter.class).args(manager.endpoint().toString()).start(4);
 *     ...
 * }
 * // Counter: try (Manager m = Manager.connect(args[0])) { m.<String, Long>map("counts").merge(word, 1L, Long::sum); }
 * }</pre>
 * <b>Life cycle.</b> {@link #start} serves in this JVM, {@link ManagerBuilder#spawn()} in a JVM of its own (a daemon
 * child: it dies with this JVM), {@link #connect} joins a running one. Closing a manager that this handle started
 * stops it; closing a connected one only disconnects. When the manager dies, every call through every proxy fails
 * with {@link io.jipc.PeerGoneException} saying why, at once; none hangs: every call has a timeout
 * ({@link ManagerOption#CALL_TIMEOUT}), except {@code take} and {@code put}, which wait as long as the manager lives.
 * <p>
 * Thread-safe: proxies may be shared by threads; each thread calling at once gets its own channel to the manager.
 */
public final class Manager implements AutoCloseable {

    private final Client client;
    private final AutoCloseable owned;

    Manager(Client client, AutoCloseable owned) {
        this.client = client;
        this.owned = owned;
    }

    /**
     * Starts a manager in this JVM at a fresh shared-memory address (under {@code /dev/shm}), and connects to it.
     *
     * @see ManagerBuilder#start()
     */
    public static Manager start() {
        return builder().start();
    }

    /**
     * Starts a manager in this JVM, bound to {@code uri}, and connects to it.
     *
     * @throws io.jipc.AddressInUseException when a live process is bound there
     */
    public static Manager start(String uri) {
        return builder().endpoint(uri).start();
    }

    /** Starts a manager in this JVM with options beside the URI (a key for {@code tcp:}). @see #start(String) */
    public static Manager start(String uri, IpcOptions options) {
        return builder().endpoint(uri).options(options).start();
    }

    /** @return a builder: endpoint, options, allow-list, user objects; started here or in a JVM of its own */
    public static ManagerBuilder builder() {
        return new ManagerBuilder();
    }

    /**
     * Connects to a running manager.
     *
     * @throws io.jipc.PeerGoneException when nothing serves there, or its process is gone
     * @throws io.jipc.IpcTimeoutException when it did not answer within the connect timeout
     * @throws io.jipc.ProtocolException when it speaks another version of the manager protocol
     */
    public static Manager connect(String uri) {
        return connect(uri, IpcOptions.defaults());
    }

    /** Connects with options beside the URI: a key ({@code JIPC_AUTH_KEY} otherwise), timeouts. @see #connect(String) */
    public static Manager connect(String uri, IpcOptions options) {
        return new Manager(new Client(Endpoint.parse(uri), options), null);
    }

    /** @return where the manager serves: give it to the processes that should connect */
    public Endpoint endpoint() {
        return client.endpoint;
    }

    /** @return the manager's process id: what the transport vouches for, else what the manager says */
    public long pid() {
        return client.managerPid();
    }

    /**
     * Opens the map named {@code name}, made empty on first use.
     *
     * @throws ManagerException when the name holds an object of another kind
     */
    public <K, V> SharedMap<K, V> map(String name) {
        return new MapProxy<>(client, client.open(Kind.MAP, check(name), 0, null));
    }

    /** Opens the list named {@code name}, made empty on first use. @see #map */
    public <E> SharedList<E> list(String name) {
        return new ListProxy<>(client, client.open(Kind.LIST, check(name), 0, null));
    }

    /** Opens the unbounded queue named {@code name}, made empty on first use. @see #map */
    public <E> SharedQueue<E> queue(String name) {
        return queue(name, 0);
    }

    /**
     * Opens the queue named {@code name}, made empty on first use, holding at most {@code capacity} elements.
     *
     * @param capacity its bound; 0 for none
     * @throws ManagerException when it exists with another bound, or the name holds another kind
     */
    public <E> SharedQueue<E> queue(String name, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a queue's capacity is positive, or 0 for none: " + capacity);
        }
        return new QueueProxy<>(client, client.open(Kind.QUEUE, check(name), capacity, null));
    }

    /** Opens the namespace named {@code name}, made empty on first use. @see #map */
    public SharedNamespace namespace(String name) {
        return new NamespaceProxy(client, client.open(Kind.NAMESPACE, check(name), 0, null));
    }

    /**
     * Opens the user object named {@code name}, made on first use by the implementation the manager has registered
     * for {@code type} ({@link ManagerBuilder#register}). Its methods run in the manager, one call at a time unless
     * the implementation is {@link Concurrent}; arguments and results cross through the manager's codec; an
     * exception a method throws comes back as its own type when this JVM has it (a runtime exception, or one the
     * method declares), else as a {@link RemoteCallException}.
     *
     * @param type an interface
     * @throws ManagerException when the manager serves no {@code type}, its copy of {@code type} differs, or the name
     *     holds another object
     */
    public <T> T proxy(String name, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        return ObjectProxy.of(client, client.open(Kind.OBJECT, check(name), 0, type), type);
    }

    /**
     * Removes the object named {@code name} from the manager; calls through its proxies then fail, naming it.
     *
     * @return true when there was one
     */
    public boolean remove(String name) {
        return client.remove(check(name));
    }

    /** @return the names of the objects the manager serves, sorted */
    public List<String> names() {
        return client.names();
    }

    private static String check(String name) {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new IllegalArgumentException("an object's name is not empty");
        }
        return name;
    }

    /**
     * Disconnects; stops the manager when this handle started it (its clients then see it gone). Idempotent.
     */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    throw new ManagerException(client.endpoint, "stopping the manager: " + e, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "manager at " + client.endpoint;
    }
}
