package io.jipc.socket;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.HandshakeException;
import io.jipc.PeerInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.ssl.SslHandler;

/**
 * Sets up one connection's pipeline, for a client or a server: TLS when configured, the handshake, and once it
 * succeeded the frame decoder and a {@link NettyChannel} handed to {@code ready}.
 */
final class Connections {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private Connections() {
    }

    /**
     * @param ready   takes the channel once the handshake succeeded (on the event loop)
     * @param failed  told when the handshake failed (on the event loop), or null to log it (servers)
     * @param lease   the event loop hold the channel will own, or null to take one on success (servers)
     */
    static void init(Channel ch, SocketConfig config, boolean server, Tls tls, Consumer<NettyChannel> ready,
                     Consumer<HandshakeException> failed, EventLoops.Lease lease) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.handler(ch, config));
        }
        ch.pipeline().addLast("handshake", new HandshakeHandler(config, server, new HandshakeHandler.Listener() {
            @Override
            public void handshaken(ChannelHandlerContext ctx, int peerMaxFrame, boolean authenticated,
                                   HandshakeHandler.Heartbeats heartbeats, ByteBuf rest) {
                NettyChannel channel = open(ctx, config, peerMaxFrame, authenticated, heartbeats, rest, tls != null,
                    lease != null ? lease : EventLoops.acquire());
                ready.accept(channel);
            }

            @Override
            public void failed(ChannelHandlerContext ctx, HandshakeException failure, boolean silent) {
                if (failed != null) {
                    failed.accept(failure);
                } else if (silent) {
                    LOG.debug("{}: a connection from {} closed before sending anything", config.endpoint,
                        ctx.channel().remoteAddress());
                } else {
                    LOG.warn("{}: refused a connection from {}: {}", config.endpoint, ctx.channel().remoteAddress(),
                        failure.getMessage().replace(config.endpoint + ": ", ""));
                }
            }
        }));
    }

    private static NettyChannel open(ChannelHandlerContext ctx, SocketConfig config, int peerMaxFrame,
                                     boolean authenticated, HandshakeHandler.Heartbeats heartbeats, ByteBuf rest,
                                     boolean tls, EventLoops.Lease lease) {
        Channel ch = ctx.channel();
        Inbox inbox = new Inbox(config.endpoint, config.receiveBuffer);
        FrameDecoder decoder = new FrameDecoder(config.endpoint, inbox, config.maxMessage);
        FileDescriptor fd = !tls && ch instanceof UnixChannel unix ? unix.fd() : null;
        DirectReads reads = DirectReads.of(ch, fd, decoder);
        decoder.direct(reads);
        inbox.attach(ch, reads);
        Outbox outbox = new Outbox(ch, fd, config.sendBuffer);
        PeerInfo peer = peerInfo(ch, authenticated);
        NettyChannel channel = new NettyChannel(config, ch, inbox, outbox, peer, peerMaxFrame, lease);
        liveness(config, ch, heartbeats, decoder, inbox, outbox, peer);
        ctx.pipeline().replace(ctx.handler(), "frames", decoder);
        if (rest.isReadable()) {
            decoder.channelRead(ctx.pipeline().context(decoder), rest);
        } else {
            rest.release();
        }
        return channel;
    }

    /**
     * Heartbeats both ways, as the hellos agreed: this side sends them when idle at the interval the peer asked for
     * (when it understands them), and watches the peer when it has a liveness timeout and the peer sends them.
     */
    private static void liveness(SocketConfig config, Channel ch, HandshakeHandler.Heartbeats heartbeats,
                                 FrameDecoder decoder, Inbox inbox, Outbox outbox, PeerInfo peer) {
        if (!heartbeats.understood()) {
            if (!config.liveness.isZero()) {
                LOG.warn("{}: the peer {} does not send heartbeats (a worker written before they existed?): the "
                    + "liveness timeout of {} is not enforced; its death is seen when its connection closes",
                    config.endpoint, peer, config.liveness);
            }
            return;
        }
        decoder.acceptHeartbeats();
        if (!config.liveness.isZero()) {
            inbox.watchLiveness(config.liveness.toNanos(), peer.toString());
        }
        if (heartbeats.askedMillis() > 0) {
            long half = Math.max(1, TimeUnit.MILLISECONDS.toNanos(heartbeats.askedMillis()) / 2);
            ScheduledFuture<?> beats = ch.eventLoop().scheduleAtFixedRate(() -> outbox.heartbeatIfIdle(half), half, half,
                TimeUnit.NANOSECONDS);
            ch.closeFuture().addListener(closed -> beats.cancel(false));
        }
    }

    private static PeerInfo peerInfo(Channel ch, boolean authenticated) {
        SocketAddress remote = ch.remoteAddress();
        PeerInfo peer = remote != null && !remote.toString().isEmpty() ? PeerInfo.remote(remote) : PeerInfo.unknown();
        if (authenticated) {
            peer = peer.withAuthenticated();
        }
        if (ch instanceof EpollDomainSocketChannel unix) {
            try {
                peer = peer.withPid(unix.peerCredentials().pid());
            } catch (IOException e) {
                LOG.debug("no peer credentials for {}: {}", ch, e.toString());
            }
        }
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl != null) {
            try {
                peer = peer.withPrincipal(ssl.engine().getSession().getPeerPrincipal());
            } catch (SSLPeerUnverifiedException e) {
                // the peer showed no certificate (a client, when the server only wants one)
            }
        }
        return peer;
    }
}
