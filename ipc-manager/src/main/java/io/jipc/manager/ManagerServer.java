package io.jipc.manager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.Ipc;
import io.jipc.IpcException;
import io.jipc.IpcTimeoutException;
import io.jipc.codec.Codec;
import io.jipc.codec.Codecs;

/**
 * The serving side of a manager, in this JVM: a {@link ChannelServer} of any transport, a thread that accepts, and a
 * thread per client channel ({@code jipc-manager-session-N}) that runs its calls. Made by
 * {@link ManagerBuilder#serve()} (or inside {@link Manager#start}); {@link ManagerMain} runs one in a JVM of its own.
 * <p>
 * {@link #close()} stops it: no new channels; each session finishes the call it is running (a call waiting on a queue
 * gives up within 50 ms), then its channel closes, and its clients see {@link io.jipc.PeerGoneException}. Objects live
 * as long as the server. Thread-safe.
 */
public final class ManagerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerServer.class);
    private static final Duration ACCEPT_SLICE = Duration.ofMillis(250);
    /** How long {@link #close()} waits for sessions to finish their calls before it closes their channels. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How long {@link #close()} then waits for the sessions whose channels it closed (a call that never returns). */
    private static final Duration STOP_LAST = Duration.ofMillis(500);

    private final ChannelServer server;
    private final ObjectTable table;
    private final List<String> allowed;
    private final AllowList allowList;
    private final Codec<Object> codec;
    private final ClassLoader loader;
    private final Thread acceptor;
    private final Map<Session, Thread> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionNumbers = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean stopping;

    ManagerServer(ManagerConfig config) {
        this.allowed = List.copyOf(config.allowed());
        this.allowList = new AllowList(allowed);
        this.codec = Codecs.tagged(allowed.toArray(new String[0]));
        this.loader = config.loader();
        this.table = new ObjectTable(Map.copyOf(config.registrations()));
        this.server = Ipc.bind(config.endpoint(), ManagerOption.transportOptions(config.options()));
        this.acceptor = new Thread(this::acceptLoop, "jipc-manager-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.debug("manager serving at {}", server.endpoint());
    }

    /** @return where clients connect (with a port resolved, for {@code tcp://host:0}) */
    public Endpoint endpoint() {
        return server.endpoint();
    }

    /** @return the names of the objects it serves, sorted */
    public List<String> names() {
        return table.names();
    }

    private void acceptLoop() {
        while (!stopping) {
            Channel channel;
            try {
                channel = server.accept(ACCEPT_SLICE);
            } catch (IpcTimeoutException e) {
                continue;
            } catch (ChannelClosedException e) {
                break;
            } catch (IpcException e) {
                if (!stopping) {
                    LOG.warn("{}: accepting a client failed: {}", server.endpoint(), e.getMessage());
                }
                continue;
            }
            if (stopping) {
                channel.close(Duration.ZERO);
                break;
            }
            Session session = new Session(this, channel);
            Thread thread = new Thread(session, "jipc-manager-session-" + sessionNumbers.incrementAndGet());
            thread.setDaemon(true);
            sessions.put(session, thread);
            thread.start();
        }
    }

    /**
     * Waits until this server is closed (by {@link #close()}, from another thread).
     *
     * @return true when it closed in time
     * @throws io.jipc.IpcInterruptedException when interrupted
     */
    public boolean awaitClose(Duration timeout) {
        try {
            return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw io.jipc.IpcInterruptedException.interrupted(server.endpoint(), "the manager to close");
        }
    }

    /** Stops serving; see the class comment. Idempotent; a second call returns at once. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        try {
            server.close();
            join(acceptor, ACCEPT_SLICE.multipliedBy(4));
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            for (Thread thread : sessions.values()) {
                join(thread, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            for (Session session : sessions.keySet()) {
                LOG.warn("{}: a call of {} is still running after {}; closing its channel", server.endpoint(),
                    session.channel().peer(), STOP_GRACE);
                session.channel().close(Duration.ZERO);
            }
            long last = System.nanoTime() + STOP_LAST.toNanos(); // one bound for them all, however many are stuck
            for (Thread thread : sessions.values()) {
                join(thread, Duration.ofNanos(Math.max(0, last - System.nanoTime())));
            }
        } finally {
            closed.countDown();
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean stopping() {
        return stopping;
    }

    void ended(Session session) {
        sessions.remove(session);
    }

    ObjectTable table() {
        return table;
    }

    List<String> allowed() {
        return allowed;
    }

    AllowList allowList() {
        return allowList;
    }

    Codec<Object> codec() {
        return codec;
    }

    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public String toString() {
        return "manager at " + server.endpoint();
    }
}
