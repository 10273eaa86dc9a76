package io.jipc.socket;

import java.net.ConnectException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.jipc.Channel;
import io.jipc.HandshakeException;
import io.jipc.IpcException;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;

/**
 * Connects a client: retries a refused or missing server with back-off (10 ms doubling to 500 ms) until the connect
 * timeout, then runs the handshake within what is left of it. A connection that breaks later is never silently
 * re-established: a client that wants to come back connects again and is a new channel.
 */
final class SocketConnector {

    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private SocketConnector() {
    }

    static Channel connect(SocketConfig config) {
        EventLoops.Lease lease = EventLoops.acquire();
        try {
            return connect(config, lease);
        } catch (RuntimeException | Error e) {
            lease.release();
            throw e;
        }
    }

    private static Channel connect(SocketConfig config, EventLoops.Lease lease) {
        long deadline = System.nanoTime() + Math.min(config.connectTimeout.toNanos(), Long.MAX_VALUE / 4);
        SocketAddress address = config.kind == SocketKind.TCP ? config.inetAddress : EventLoops.unixAddress(config.path);
        Tls tls = Tls.of(config, false);
        long backoff = FIRST_BACKOFF_NANOS;
        String lastFailure = "no attempt";
        while (true) {
            CompletableFuture<NettyChannel> handshake = new CompletableFuture<>();
            long left = deadline - System.nanoTime();
            Bootstrap bootstrap = new Bootstrap()
                .group(lease.group())
                .channel(EventLoops.channelClass(config.kind))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)))
                .handler(new ChannelInitializer<io.netty.channel.Channel>() {
                    @Override
                    protected void initChannel(io.netty.channel.Channel ch) {
                        Connections.init(ch, config, false, tls, handshake::complete, handshake::completeExceptionally, lease);
                    }
                });
            if (config.kind == SocketKind.TCP) {
                bootstrap.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true);
            }
            ChannelFuture connected = bootstrap.connect(address);
            awaitConnected(config, connected, deadline, lastFailure);
            if (connected.isSuccess()) {
                return awaitHandshake(config, connected, handshake, deadline);
            }
            Throwable cause = connected.cause();
            lastFailure = cause == null ? "timed out" : String.valueOf(cause.getMessage());
            if (!retryable(cause)) {
                throw new IpcException(config.endpoint, "cannot connect: " + lastFailure, cause);
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new IpcTimeoutException(config.endpoint, "no server accepted the connection within "
                    + config.connectTimeout + " (last attempt: " + lastFailure + ")");
            }
            sleep(config, Math.min(backoff, deadline - now));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    private static void awaitConnected(SocketConfig config, ChannelFuture connected, long deadline, String lastFailure) {
        try {
            if (!connected.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                connected.cancel(false);
                connected.channel().close();
                throw new IpcTimeoutException(config.endpoint, "no server accepted the connection within "
                    + config.connectTimeout + " (last attempt: " + lastFailure + ")");
            }
        } catch (InterruptedException e) {
            connected.channel().close();
            Thread.currentThread().interrupt();
            throw IpcInterruptedException.interrupted(config.endpoint, "the connection");
        }
    }

    private static Channel awaitHandshake(SocketConfig config, ChannelFuture connected,
                                          CompletableFuture<NettyChannel> handshake, long deadline) {
        try {
            return handshake.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            connected.channel().close();
            Thread.currentThread().interrupt();
            throw IpcInterruptedException.interrupted(config.endpoint, "the handshake");
        } catch (TimeoutException e) {
            connected.channel().close();
            throw new HandshakeException(config.endpoint, "the server did not complete the handshake within "
                + config.connectTimeout);
        } catch (ExecutionException e) {
            connected.channel().close();
            if (e.getCause() instanceof IpcException failure) {
                throw failure;
            }
            throw new HandshakeException(config.endpoint, "handshake failed: " + e.getCause(), e.getCause());
        }
    }

    /** Refused, or no socket file yet: the server may not be up yet. */
    private static boolean retryable(Throwable cause) {
        if (cause == null || cause instanceof ConnectException) {
            return true;
        }
        String message = String.valueOf(cause.getMessage());
        return message.contains("refused") || message.contains("No such file");
    }

    private static void sleep(SocketConfig config, long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IpcInterruptedException.interrupted(config.endpoint, "the server to come up");
        }
    }
}
