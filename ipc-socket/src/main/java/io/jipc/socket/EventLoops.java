package io.jipc.socket;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one event loop group every socket channel and server of this process shares: native epoll where it loads,
 * NIO elsewhere (or with {@code -Djipc.socket.nio=true}). Reference-counted: the first {@link #acquire()} starts it,
 * the last {@link Lease#release()} stops it and waits for its threads ({@code jipc-socket-*}) to end, so no thread
 * outlives the last channel or server. Thread-safe.
 */
final class EventLoops {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    /** True when the native epoll transport is used. */
    static final boolean EPOLL = !Boolean.getBoolean("jipc.socket.nio") && Epoll.isAvailable();
    /** Event loop threads: {@code -Djipc.socket.threads=}, default half the cores, 1 to 4. */
    private static final int THREADS = Integer.getInteger("jipc.socket.threads",
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)));
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    private static int references;
    private static MultiThreadIoEventLoopGroup group;

    private EventLoops() {
    }

    /** A hold on the group; release it once. */
    static final class Lease {
        private final EventLoopGroup group;
        private boolean released;

        private Lease(EventLoopGroup group) {
            this.group = group;
        }

        EventLoopGroup group() {
            return group;
        }

        /** Releases this hold; the last one stops the group (and, off the event loop, waits for its threads). */
        void release() {
            synchronized (EventLoops.class) {
                if (released) {
                    return;
                }
                released = true;
                if (--references > 0) {
                    return;
                }
                EventLoops.group = null;
            }
            stop(this.group);
        }
    }

    static Lease acquire() {
        synchronized (EventLoops.class) {
            if (group == null) {
                IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
                group = new MultiThreadIoEventLoopGroup(THREADS, new DefaultThreadFactory("jipc-socket", true), io);
                LOG.debug("started {} {} event loop thread(s)", THREADS, EPOLL ? "epoll" : "nio");
            }
            references++;
            return new Lease(group);
        }
    }

    private static void stop(EventLoopGroup stopping) {
        io.netty.util.concurrent.Future<?> done = stopping.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        if (inEventLoop(stopping)) {
            return; // cannot wait for our own thread; it ends as soon as this task returns
        }
        try {
            if (!done.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("socket event loop threads did not stop within {} s", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean inEventLoop(EventLoopGroup stopping) {
        for (io.netty.util.concurrent.EventExecutor executor : stopping) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    static Class<? extends Channel> channelClass(SocketKind kind) {
        if (kind == SocketKind.TCP) {
            return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
        }
        return EPOLL ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
    }

    static Class<? extends ServerChannel> serverChannelClass(SocketKind kind) {
        if (kind == SocketKind.TCP) {
            return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        }
        return EPOLL ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
    }

    /** @return the address Netty's channel class for Unix sockets takes */
    static java.net.SocketAddress unixAddress(java.nio.file.Path path) {
        return EPOLL ? new io.netty.channel.unix.DomainSocketAddress(path.toString())
            : java.net.UnixDomainSocketAddress.of(path);
    }
}
