package io.jipc.manager;

import static io.jipc.manager.ManagerProtocol.LENGTH_BYTES;
import static io.jipc.manager.ManagerProtocol.ORDER;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.DirectBuffer;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.Endpoint;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;
import io.jipc.codec.Codecs;
import io.jipc.internal.Lambdas;

/**
 * The client side of a manager: channels to it (one per thread calling at once; up to {@link #MAX_IDLE} are kept for
 * later calls), the codec it announced, and the one way every proxy calls it ({@link #call}). Once a channel finds
 * the manager gone, every call fails at once with that reason. Thread-safe.
 */
final class Client implements AutoCloseable {

    private static final Duration CLOSE_LINGER = Duration.ofMillis(500);
    /** Idle channels kept for the next calls; more threads calling at once get channels closed after their call. */
    static final int MAX_IDLE = 8;

    final Endpoint endpoint;
    private final IpcOptions transportOptions;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    /** The channel a lone calling thread takes and gives back without allocating; the others wait in {@link #idle}. */
    private final AtomicReference<Connection> spare = new AtomicReference<>();
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger shapeIds = new AtomicInteger();
    private final ConcurrentHashMap<Class<?>, Shape> shapes = new ConcurrentHashMap<>();
    private final Set<Class<?>> refused = ConcurrentHashMap.newKeySet();
    private volatile Codec<Object> codec;
    private volatile long managerPid = -1;
    private volatile String gone;
    private volatile boolean closed;

    /** A function the manager would not rebuild: the proxy runs it here instead. */
    static final class LambdaRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LambdaRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** A checked exception a user object's method declares, on its way to the proxy. */
    static final class Declared extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Declared(Throwable checked) {
            super(checked.getMessage(), checked, false, false);
        }
    }

    /**
     * Connects a first channel, so a wrong endpoint, a dead manager or another protocol version shows at once.
     *
     * @param options the transport's options and the manager's own
     */
    Client(Endpoint endpoint, IpcOptions options) {
        this.endpoint = endpoint;
        this.transportOptions = ManagerOption.transportOptions(options);
        this.connectTimeout = options.connectTimeout();
        this.callTimeout = ManagerOption.callTimeout(options);
        spare.set(connect());
    }

    long managerPid() {
        return managerPid;
    }

    private Connection connect() {
        Channel channel;
        try {
            channel = Ipc.connect(endpoint, transportOptions);
        } catch (PeerGoneException e) {
            throw gone(e, "connecting");
        }
        try {
            Connection connection = new Connection(channel);
            connection.begin(ManagerProtocol.HELLO);
            connection.putLong(ManagerProtocol.HELLO_MAGIC_OFFSET, ManagerProtocol.MAGIC);
            connection.putInt(ManagerProtocol.HELLO_VERSION_OFFSET, ManagerProtocol.VERSION);
            connection.skipTo(ManagerProtocol.HELLO_LENGTH);
            connection.send(connectTimeout);
            welcome(channel, connection.welcome(connectTimeout), connection.messageLength());
            connections.add(connection);
            if (closed) {
                discard(connection);
                throw new ChannelClosedException(endpoint, "this manager client is closed");
            }
            return connection;
        } catch (PeerGoneException e) {
            channel.close(Duration.ZERO);
            throw gone(e, "connecting");
        } catch (RuntimeException | Error e) {
            channel.close(Duration.ZERO);
            throw e;
        }
    }

    private void welcome(Channel channel, DirectBuffer message, int length) {
        int version = message.getInt(ManagerProtocol.WELCOME_VERSION_OFFSET, ORDER);
        if (version != ManagerProtocol.VERSION) {
            throw new ProtocolException(endpoint, "the manager speaks manager protocol version " + version
                + ", this client version " + ManagerProtocol.VERSION);
        }
        if (codec != null) {
            return;
        }
        int count = message.getInt(ManagerProtocol.WELCOME_COUNT_OFFSET, ORDER);
        List<String> allowed = new ArrayList<>();
        int p = ManagerProtocol.WELCOME_HEADER;
        for (int i = 0; i < count; i++) {
            int n = p + LENGTH_BYTES <= length ? message.getInt(p, ORDER) : -1;
            if (n < 0 || n > length - p - LENGTH_BYTES) {
                throw new ProtocolException(endpoint, "the manager's WELCOME is truncated: allow-list pattern " + (i + 1)
                    + " of " + count + " runs past its " + length + " bytes");
            }
            allowed.add(message.getStringWithoutLengthUtf8(p + LENGTH_BYTES, n));
            p += LENGTH_BYTES + n;
        }
        long said = message.getLong(ManagerProtocol.WELCOME_PID_OFFSET, ORDER);
        managerPid = channel.peer().pid().orElse(said); // what the transport vouches for, if it can
        codec = Codecs.tagged(allowed.toArray(new String[0])); // the manager's allow-list: a client trusts its manager
    }

    private Connection borrow() {
        if (closed) {
            throw new ChannelClosedException(endpoint, "this manager client is closed");
        }
        String reason = gone;
        if (reason != null) {
            throw new PeerGoneException(endpoint, "the manager is gone: " + reason);
        }
        Connection connection = spare.getAndSet(null);
        if (connection == null) {
            connection = idle.pollFirst();
        }
        return connection != null ? connection : connect();
    }

    private void release(Connection connection) {
        if (closed) {
            discard(connection);
        } else if (!spare.compareAndSet(null, connection)) {
            if (idle.size() >= MAX_IDLE - 1) {
                discard(connection);
            } else {
                idle.offerFirst(connection);
            }
        }
    }

    /** Closes a channel that is broken (or one too many) at once. */
    private void discard(Connection connection) {
        connections.remove(connection);
        try {
            connection.channel.close(Duration.ZERO);
        } catch (RuntimeException ignored) {
            // it is broken already
        }
    }

    /**
     * Calls {@code op} on {@code target} and waits for the answer.
     *
     * @param method a user object's method number, else 0
     * @param wait   how long the call may wait in the manager beyond the call timeout (a queue's poll): zero for
     *               none, null for as long as it takes (a take, a put)
     * @return the value answered, or a list of values
     * @throws LambdaRefused when the manager would not run a function argument
     * @throws Declared carrying a checked exception the user method declares
     */
    Object call(Target target, Op op, int method, Duration wait, Object... args) {
        Connection connection = borrow();
        boolean keep = false;
        boolean sent = false;
        byte status;
        Object result = null;
        RuntimeException failure = null;
        Duration timeout = wait == null ? null : wait.isZero() ? callTimeout : callTimeout.plus(wait);
        try {
            connection.call(op, method, target.handle());
            Codec<Object> c = codec;
            for (Object arg : args) {
                connection.argument(arg, c);
            }
            sent = true;
            connection.send(callTimeout);
            status = connection.receive(timeout);
            keep = status != ManagerProtocol.PROTOCOL;
            if (status == ManagerProtocol.OK) {
                result = connection.value(c);
            } else if (status == ManagerProtocol.VALUES) {
                result = connection.values(c);
            } else if (status == ManagerProtocol.TAKEN) {
                // decoded before the ACK: elements this JVM cannot read are not acknowledged, and go back to the queue
                // when the channel is dropped
                keep = false;
                result = connection.values(c);
                connection.begin(ManagerProtocol.ACK);
                connection.send(callTimeout);
                keep = true;
            } else {
                failure = failure(connection, status, target, op, method);
            }
        } catch (PeerGoneException e) {
            throw gone(e, target.describe(op, method));
        } catch (ProtocolException e) {
            keep = false;
            throw e;
        } catch (IpcTimeoutException e) {
            keep = !sent;
            throw keep ? e : new IpcTimeoutException(endpoint, "the manager did not answer " + target.describe(op, method)
                + " within " + timeout + " (option " + ManagerOption.CALL_TIMEOUT.name() + ")");
        } catch (CodecException e) {
            throw new CodecException(target.describe(op, method) + " at " + endpoint + ": " + e.getMessage(), e);
        } finally {
            if (keep) {
                release(connection);
            } else {
                discard(connection);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** @return the exception for a reply that is not a result, read before the connection goes back to the pool */
    private RuntimeException failure(Connection connection, byte status, Target target, Op op, int method) {
        String what = target.describe(op, method);
        switch (status) {
            case ManagerProtocol.THROWN -> {
                Method m = target.methods() != null ? target.methods().method(method) : null;
                Throwable local = Errors.local(Errors.remote(connection, ManagerProtocol.REPLY_HEADER, endpoint, managerPid), m);
                if (local instanceof RuntimeException r) {
                    return r;
                }
                if (local instanceof Error e) {
                    throw e;
                }
                return new Declared(local);
            }
            case ManagerProtocol.CODEC -> {
                return new CodecException(connection.text() + " [manager at " + endpoint + "]", null);
            }
            case ManagerProtocol.NO_LAMBDA -> {
                return new LambdaRefused(connection.text());
            }
            case ManagerProtocol.FAILED -> {
                return new ManagerException(endpoint, connection.text(), null);
            }
            case ManagerProtocol.PROTOCOL -> {
                return new ProtocolException(endpoint, what + ": the manager refused the request: " + connection.text());
            }
            default -> {
                return new ProtocolException(endpoint, what + ": the manager answered with status " + status);
            }
        }
    }

    /**
     * Opens (finds or makes) the object named {@code name}.
     *
     * @param type a user object's interface, else null
     */
    Target open(Kind kind, String name, int capacity, Class<?> type) {
        MethodTable methods = type == null ? null : MethodTable.of(type);
        Object handle = request(kind + " '" + name + "'", connection -> {
            connection.begin(ManagerProtocol.OPEN);
            connection.putByte(ManagerProtocol.OPEN_KIND_OFFSET, (byte) kind.ordinal());
            connection.putInt(ManagerProtocol.OPEN_CAPACITY_OFFSET, capacity);
            connection.putLong(ManagerProtocol.OPEN_HASH_OFFSET, methods == null ? 0 : methods.hash());
            connection.skipTo(ManagerProtocol.OPEN_NAME_OFFSET);
            connection.string(name);
            connection.string(type == null ? null : type.getName());
        });
        return new Target((Integer) handle, kind, name, methods, type);
    }

    /** Removes the object named {@code name}. @return true when there was one */
    boolean remove(String name) {
        return (Boolean) request("removing '" + name + "'", connection -> {
            connection.begin(ManagerProtocol.REMOVE);
            connection.skipTo(ManagerProtocol.REMOVE_NAME_OFFSET);
            connection.string(name);
        });
    }

    /** @return the names of the objects served */
    @SuppressWarnings("unchecked")
    List<String> names() {
        return (List<String>) request("listing names", connection -> connection.begin(ManagerProtocol.NAMES));
    }

    private Object request(String what, java.util.function.Consumer<Connection> writer) {
        Target none = new Target(-1, Kind.MAP, what, null, null);
        Connection connection = borrow();
        boolean keep = false;
        byte status;
        Object result = null;
        RuntimeException failure = null;
        try {
            writer.accept(connection);
            connection.send(callTimeout);
            status = connection.receive(callTimeout);
            keep = status != ManagerProtocol.PROTOCOL;
            if (status == ManagerProtocol.OK) {
                result = connection.value(codec);
            } else if (status == ManagerProtocol.VALUES) {
                result = connection.values(codec);
            } else {
                failure = failure(connection, status, none, Op.SIZE, 0);
            }
        } catch (PeerGoneException e) {
            throw gone(e, what);
        } catch (IpcTimeoutException e) {
            throw new IpcTimeoutException(endpoint, "the manager did not answer " + what + " within " + callTimeout);
        } finally {
            if (keep) {
                release(connection);
            } else {
                discard(connection);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /**
     * @return the function as a {@link Shipped} argument, or null when it cannot travel (not a serializable lambda,
     *     or the manager refused its class before): the proxy then runs it here
     */
    Shipped ship(Object function) {
        if (refused.contains(function.getClass())) {
            return null;
        }
        SerializedLambda lambda = Lambdas.serialized(function);
        if (lambda == null) {
            return null;
        }
        Shape shape = shapes.computeIfAbsent(function.getClass(), c -> new Shape(shapeIds.incrementAndGet(), Lambdas.shape(lambda)));
        return new Shipped(shape.id(), shape.bytes(), lambda);
    }

    /** A lambda class's shape, numbered in this client. */
    private record Shape(int id, byte[] bytes) {
    }

    /** Remembers that the manager will not run functions of this class. */
    void refuse(Object function) {
        refused.add(function.getClass());
    }

    private PeerGoneException gone(PeerGoneException e, String what) {
        String reason = e.getMessage();
        String prefix = endpoint + ": ";
        if (reason != null && reason.startsWith(prefix)) {
            reason = reason.substring(prefix.length());
        }
        if (gone == null && !closed) {
            gone = reason;
        }
        return new PeerGoneException(endpoint, "the manager is gone (" + reason + "): " + what + " failed", e);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        spare.set(null);
        for (Connection connection : connections) {
            connections.remove(connection);
            idle.remove(connection);
            try {
                connection.channel.close(CLOSE_LINGER);
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
