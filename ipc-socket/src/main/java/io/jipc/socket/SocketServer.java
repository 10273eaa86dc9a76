package io.jipc.socket;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.AddressInUseException;
import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcException;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;

/**
 * A bound TCP or Unix socket that accepts jipc peers. Each connection does its handshake on the event loop; only
 * then is it queued for {@link #accept}, so accepting never waits on a slow or hostile peer, and a peer that fails
 * the handshake is logged with its address and never seen here. A connection that ends before it was accepted is
 * dropped from the queue. Thread-safe.
 */
final class SocketServer implements ChannelServer {

    private static final Logger LOG = LoggerFactory.getLogger(SocketServer.class);
    /** Put in the queue by {@link #close()}: each waiting thread takes it, puts it back and leaves. */
    private static final Object CLOSED = new Object();

    private final SocketConfig config;
    /** What accepted channels are opened with: the configuration with the bound endpoint, once known. */
    private volatile SocketConfig accepted;
    private final Endpoint endpoint;
    private final EventLoops.Lease lease;
    private final LinkedBlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    private final io.netty.channel.Channel listener;
    private final Object socketFileKey;
    private volatile boolean closed;

    private SocketServer(SocketConfig config) {
        this.config = config;
        this.accepted = config;
        this.lease = EventLoops.acquire();
        try {
            Tls tls = Tls.of(config, true);
            ServerBootstrap bootstrap = new ServerBootstrap()
                .group(lease.group())
                .channel(EventLoops.serverChannelClass(config.kind))
                .childHandler(new ChannelInitializer<io.netty.channel.Channel>() {
                    @Override
                    protected void initChannel(io.netty.channel.Channel ch) {
                        Connections.init(ch, accepted, true, tls, SocketServer.this::handshaken, null, null);
                    }
                });
            if (config.kind == SocketKind.TCP) {
                bootstrap.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true);
                this.listener = bind(bootstrap, config.inetAddress);
                int port = ((InetSocketAddress) listener.localAddress()).getPort();
                this.endpoint = config.boundEndpoint(port);
                this.socketFileKey = null;
                this.accepted = config.withEndpoint(endpoint);
            } else {
                UnixSocketFile.prepare(config.endpoint, config.path);
                this.listener = bind(bootstrap, EventLoops.unixAddress(config.path));
                UnixSocketFile.restrict(config.endpoint, config.path);
                this.endpoint = config.endpoint;
                this.socketFileKey = UnixSocketFile.fileKey(config.path);
            }
        } catch (RuntimeException | Error e) {
            lease.release();
            throw e;
        }
        LOG.debug("{}: listening on {}", endpoint, listener.localAddress());
    }

    static SocketServer bind(SocketConfig config) {
        return new SocketServer(config);
    }

    private io.netty.channel.Channel bind(ServerBootstrap bootstrap, java.net.SocketAddress address) {
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (bound.isSuccess()) {
            return bound.channel();
        }
        Throwable cause = bound.cause();
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (cause instanceof BindException || message.contains("in use")) {
            throw new AddressInUseException(config.endpoint, "cannot bind " + address + ": " + message, cause);
        }
        throw new IpcException(config.endpoint, "cannot bind " + address + ": " + message, cause);
    }

    /** Event loop: a connection passed its handshake. */
    private void handshaken(NettyChannel channel) {
        if (closed) {
            channel.abandon();
            return;
        }
        channel.acceptWatch = channel.onReady(() -> dropIfGone(channel)); // a peer that leaves unaccepted is forgotten
        ready.add(channel);
        for (Runnable wakeUp : wakeUps) {
            wakeUp.run();
        }
    }

    /** Event loop: drops a channel whose peer left without a message before anyone accepted it. */
    private void dropIfGone(NettyChannel channel) {
        if (!channel.claimed.get() && channel.goneWithoutMessages() && channel.claimed.compareAndSet(false, true)) {
            ready.remove(channel);
            channel.abandon();
        }
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Channel accept(Duration timeout) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        while (true) {
            if (closed) {
                throw closedException();
            }
            Object next;
            try {
                next = ready.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw IpcInterruptedException.interrupted(endpoint, "a peer to accept");
            }
            if (next == null) {
                throw new IpcTimeoutException(endpoint, "no peer connected within " + timeout);
            }
            Channel channel = claim(next);
            if (channel != null) {
                return channel;
            }
        }
    }

    @Override
    public Channel tryAccept() {
        while (true) {
            if (closed) {
                throw closedException();
            }
            Object next = ready.poll();
            if (next == null) {
                return null;
            }
            Channel channel = claim(next);
            if (channel != null) {
                return channel;
            }
        }
    }

    private Channel claim(Object next) {
        if (next == CLOSED) {
            ready.add(CLOSED);
            throw closedException();
        }
        NettyChannel channel = (NettyChannel) next;
        if (!channel.claimed.compareAndSet(false, true)) {
            return null;
        }
        channel.acceptWatch.cancel();
        return channel;
    }

    private ChannelClosedException closedException() {
        return new ChannelClosedException(endpoint, "server is closed");
    }

    @Override
    public boolean isReady() {
        return closed || !ready.isEmpty();
    }

    @Override
    public Registration onReady(Runnable wakeUp) {
        wakeUps.add(wakeUp);
        return () -> wakeUps.remove(wakeUp);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            Object next;
            while ((next = ready.poll()) != null) {
                if (next instanceof NettyChannel channel && channel.claimed.compareAndSet(false, true)) {
                    channel.abandon();
                }
            }
            ready.add(CLOSED);
            for (Runnable wakeUp : wakeUps) {
                wakeUp.run();
            }
            if (config.kind == SocketKind.UNIX) {
                UnixSocketFile.remove(config.path, socketFileKey);
            }
        } finally {
            lease.release();
        }
    }

    @Override
    public String toString() {
        return "SocketServer[" + endpoint + "]";
    }

    static void checkNetworkBind(SocketConfig config) {
        if (config.kind != SocketKind.TCP || config.inetAddress.getAddress().isLoopbackAddress()) {
            return;
        }
        boolean tlsClients = config.tls != null && config.clientAuth == SocketConfig.ClientAuth.REQUIRE;
        if (config.hasKey() || tlsClients) {
            return;
        }
        if (config.insecureNoAuth) {
            LOG.warn("{}: INSECURE: listening on a network address without an authentication key; anyone who can "
                + "reach this port can send messages to this process", config.endpoint);
            return;
        }
        throw new EndpointException(config.endpoint, "refusing to bind a non-loopback address without authentication: "
            + "give an authentication key (IpcOption.AUTH_KEY or the JIPC_AUTH_KEY environment variable), or TLS with "
            + "?clientAuth=require, or the option SocketOptions.INSECURE_NO_AUTH_ON_NETWORK to accept anyone");
    }
}
