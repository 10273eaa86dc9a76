package io.jipc.pool;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.Ipc;
import io.jipc.IpcException;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.process.JvmProcess;

/**
 * Workers on a transport the pool binds ({@code shm:}, {@code unix:}, {@code tcp:}...): one server, bound with the
 * pool's options; a thread accepts, and each new channel is greeted (its HELLO read) on a thread of its own, so a
 * peer that says nothing delays nobody. A channel is matched to a worker the pool started by what the transport
 * vouches for, its peer's pid; where the transport cannot vouch for one (TCP), by the single-use random token the
 * pool put in that worker's environment. Any other worker that greets properly joined by hand, and is handed to the
 * pool; anything else is logged with its peer and closed. Workers the pool starts get the authentication key, if
 * there is one, in their environment too. Thread-safe.
 */
final class ServerConnector implements WorkerConnector {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnector.class);
    /** How long a new channel may take to send its HELLO. */
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACCEPT_POLL = Duration.ofMillis(250);
    private static final int TOKEN_BYTES = 16;

    private final ChannelServer server;
    private final byte[] authKey;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService greeters = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jipc-pool-greeter");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;
    private final Object lock = new Object();
    private final Map<Long, Expected> byPid = new HashMap<>();
    private final Map<String, Expected> byToken = new HashMap<>();
    private final List<Joining> early = new ArrayList<>();
    private Consumer<Joining> joiner;
    private volatile boolean closed;

    /** A worker the pool started, until its channel comes. */
    private static final class Expected {
        final long pid;
        final String token;
        final CompletableFuture<Channel> channel = new CompletableFuture<>();

        Expected(long pid, String token) {
            this.pid = pid;
            this.token = token;
        }
    }

    ServerConnector(Endpoint transport, IpcOptions options) {
        this.server = Ipc.bind(transport, options);
        this.authKey = options.get(IpcOption.AUTH_KEY);
        this.acceptor = new Thread(this::acceptLoop, "jipc-pool-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public String workerEndpoint() {
        return server.endpoint().toString();
    }

    @Override
    public Optional<Endpoint> joinEndpoint() {
        return Optional.of(server.endpoint());
    }

    @Override
    public JvmProcess start(JvmProcess.Builder builder) {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        String key = HexFormat.of().formatHex(token);
        builder.env(PoolProtocol.TOKEN_ENVIRONMENT, key);
        if (authKey != null) {
            builder.env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(authKey));
        }
        synchronized (lock) { // before its channel can be greeted, the worker is expected
            JvmProcess process = builder.start();
            Expected expected = new Expected(process.pid(), key);
            byPid.put(expected.pid, expected);
            byToken.put(key, expected);
            return process;
        }
    }

    @Override
    public Channel connect(JvmProcess worker, Duration timeout) {
        Expected expected;
        synchronized (lock) {
            expected = byPid.get(worker.pid());
        }
        if (expected == null) {
            throw new IllegalStateException("worker " + worker.pid() + " was not started by this connector");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Channel channel = null;
        try {
            while (true) {
                try {
                    channel = expected.channel.get(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
                    return channel;
                } catch (TimeoutException e) {
                    if (!worker.isAlive()) {
                        throw new WorkerStartException("worker " + worker.pid() + " exited with code "
                            + worker.exitCode().orElse(-1) + " before its HELLO reached " + server.endpoint(), null);
                    }
                    if (deadline - System.nanoTime() <= 0) {
                        throw new WorkerStartException("worker " + worker.pid() + " did not connect to "
                            + server.endpoint() + " within " + timeout, null);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStartException("interrupted while waiting for worker " + worker.pid() + " to connect", e);
        } catch (ExecutionException e) {
            throw new WorkerStartException("worker " + worker.pid() + " could not connect: " + e.getCause(), e.getCause());
        } finally {
            if (channel == null) {
                forget(expected);
            }
        }
    }

    @Override
    public void onJoin(Consumer<Joining> joiner) {
        List<Joining> waiting;
        synchronized (lock) {
            this.joiner = joiner;
            waiting = new ArrayList<>(early);
            early.clear();
        }
        waiting.forEach(joiner);
    }

    /** Gives up on a worker: a channel of its that comes later is closed (by {@link #greet}, or here if it won). */
    private void forget(Expected expected) {
        synchronized (lock) {
            byPid.remove(expected.pid, expected);
            byToken.remove(expected.token, expected);
        }
        if (!expected.channel.completeExceptionally(new WorkerStartException("given up", null))) {
            Channel late = expected.channel.getNow(null);
            if (late != null) {
                late.close(Duration.ZERO);
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Channel channel;
            try {
                channel = server.accept(ACCEPT_POLL);
            } catch (IpcTimeoutException e) {
                continue;
            } catch (ChannelClosedException | IpcInterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("refused a connection: {}", e.getMessage());
                    LockSupport.parkNanos(10_000_000); // a failing accept must not spin
                }
                continue;
            }
            try {
                greeters.execute(() -> greet(channel));
            } catch (RejectedExecutionException e) {
                channel.close(Duration.ZERO); // closing
            }
        }
    }

    /** Reads a new channel's HELLO and tells whose it is. */
    private void greet(Channel channel) {
        Hello hello;
        try {
            hello = Hello.receive(channel, HELLO_TIMEOUT);
        } catch (IpcException e) {
            if (!closed) {
                LOG.warn("closing a channel from {}: {}", channel.peer(), e.getMessage());
            }
            channel.close(Duration.ZERO);
            return;
        }
        Expected expected;
        Consumer<Joining> handler;
        synchronized (lock) {
            OptionalLong pid = channel.peer().pid();
            expected = pid.isPresent() ? byPid.get(pid.getAsLong())
                : hello.token().length > 0 ? byToken.get(hello.tokenKey()) : null;
            if (expected != null) {
                byPid.remove(expected.pid, expected);
                byToken.remove(expected.token, expected);
            }
            handler = joiner;
            if (expected == null && handler == null) {
                early.add(new Joining(channel, hello));
                return;
            }
        }
        if (expected != null) {
            if (!expected.channel.complete(channel)) {
                channel.close(Duration.ZERO);
            }
        } else {
            handler.accept(new Joining(channel, hello));
        }
    }

    @Override
    public void close() {
        closed = true;
        server.close();
        greeters.shutdownNow();
        try {
            acceptor.join(ACCEPT_POLL.toMillis() * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Joining> waiting;
        synchronized (lock) {
            waiting = new ArrayList<>(early);
            early.clear();
        }
        waiting.forEach(j -> j.channel().close(Duration.ZERO));
    }
}
