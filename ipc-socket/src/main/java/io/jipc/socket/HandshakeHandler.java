package io.jipc.socket;

import java.security.SecureRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.jipc.Endpoint;
import io.jipc.HandshakeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The socket handshake ({@link SocketProtocol}) on the event loop, as client or server: hellos, then the HMAC
 * challenge-response in both directions when the server holds a key. Nothing after the handshake is read until it
 * succeeded; it must finish within the handshake timeout, however slowly its bytes trickle in. On success the
 * {@link Listener} replaces this handler with the frame decoder and gets what arrived after the handshake.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    /** Told once how the handshake ended. */
    interface Listener {
        /**
         * @param peerMaxFrame  the longest message the peer accepts
         * @param authenticated true when the peer proved it holds the key
         * @param heartbeats    how the peer takes part in heartbeats
         * @param rest          bytes that arrived after the handshake (owned by the callee)
         */
        void handshaken(ChannelHandlerContext ctx, int peerMaxFrame, boolean authenticated, Heartbeats heartbeats,
                        ByteBuf rest);

        /**
         * The handshake failed; the connection is being closed.
         *
         * @param silent true when the peer sent nothing before it left (a port probe, a liveness check)
         */
        void failed(ChannelHandlerContext ctx, HandshakeException failure, boolean silent);
    }

    /**
     * What the peer's hello said about heartbeats.
     *
     * @param understood  the peer understands heartbeat frames (and so sends them when asked)
     * @param askedMillis the interval the peer asked this side to send them at, 0 for none
     */
    record Heartbeats(boolean understood, int askedMillis) {
    }

    private enum Step { HELLO, CHALLENGE, PROOF, STATUS, DONE }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SHOWN_BYTES = 64;

    private final Endpoint endpoint;
    private final boolean server;
    private final byte[] key;
    private final int maxFrame;
    private final int heartbeatMillisToAsk;
    private final long timeoutNanos;
    private final Listener listener;
    private ByteBuf received;
    private Step step = Step.HELLO;
    private int peerMaxFrame;
    private Heartbeats peerHeartbeats;
    private byte[] ownNonce;
    private ScheduledFuture<?> timeout;
    private int totalReceived;

    HandshakeHandler(SocketConfig config, boolean server, Listener listener) {
        this.endpoint = config.endpoint;
        this.server = server;
        this.key = config.key();
        this.maxFrame = config.maxMessage;
        this.heartbeatMillisToAsk = config.heartbeatMillisToAsk();
        this.timeoutNanos = (server ? config.handshakeTimeout : config.connectTimeout).toNanos();
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        received = ctx.alloc().heapBuffer(SocketProtocol.HELLO_LENGTH + SocketProtocol.CLIENT_PROOF_LENGTH);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> fail(ctx, "no complete handshake within "
            + java.time.Duration.ofNanos(timeoutNanos) + "; received " + describe()), timeoutNanos, TimeUnit.NANOSECONDS);
        ByteBuf hello = ctx.alloc().buffer(SocketProtocol.HELLO_LENGTH + SocketProtocol.NONCE_LENGTH);
        hello.writeBytes(SocketProtocol.MAGIC_BYTES);
        hello.writeShortLE(SocketProtocol.VERSION);
        hello.writeShortLE((key != null ? SocketProtocol.FLAG_AUTH : 0) | SocketProtocol.FLAG_HEARTBEATS);
        hello.writeIntLE(maxFrame);
        hello.writeIntLE(heartbeatMillisToAsk);
        if (server && key != null) {
            ownNonce = nonce();
            hello.writeBytes(ownNonce);
        }
        ctx.writeAndFlush(hello);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ByteBuf in = (ByteBuf) message;
        if (step == Step.DONE) {
            in.release();
            return;
        }
        totalReceived += in.readableBytes();
        received.writeBytes(in);
        in.release();
        advance(ctx);
    }

    private void advance(ChannelHandlerContext ctx) {
        while (step != Step.DONE) {
            switch (step) {
                case HELLO -> {
                    if (!checkMagic(ctx) || received.readableBytes() < SocketProtocol.HELLO_LENGTH) {
                        return;
                    }
                    if (!readHello(ctx)) {
                        return;
                    }
                }
                case CHALLENGE -> {
                    if (received.readableBytes() < SocketProtocol.NONCE_LENGTH) {
                        return;
                    }
                    byte[] challenge = take(SocketProtocol.NONCE_LENGTH);
                    ownNonce = nonce();
                    ByteBuf proof = ctx.alloc().buffer(SocketProtocol.CLIENT_PROOF_LENGTH);
                    proof.writeBytes(SocketProtocol.clientProof(key, challenge)).writeBytes(ownNonce);
                    ctx.writeAndFlush(proof);
                    step = Step.STATUS;
                }
                case PROOF -> {
                    if (received.readableBytes() < SocketProtocol.CLIENT_PROOF_LENGTH) {
                        return;
                    }
                    byte[] proof = take(SocketProtocol.MAC_LENGTH);
                    byte[] challenge = take(SocketProtocol.NONCE_LENGTH);
                    if (!SocketProtocol.matches(SocketProtocol.clientProof(key, ownNonce), proof)) {
                        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(SocketProtocol.STATUS_REFUSED));
                        fail(ctx, "wrong authentication key: the client's proof does not match this server's key");
                        return;
                    }
                    ByteBuf accepted = ctx.alloc().buffer(SocketProtocol.STATUS_LENGTH + SocketProtocol.MAC_LENGTH);
                    accepted.writeByte(SocketProtocol.STATUS_ACCEPTED).writeBytes(SocketProtocol.serverProof(key, challenge));
                    ctx.writeAndFlush(accepted);
                    done(ctx, true);
                }
                case STATUS -> {
                    if (received.readableBytes() < SocketProtocol.STATUS_LENGTH) {
                        return;
                    }
                    byte status = received.getByte(received.readerIndex());
                    if (status != SocketProtocol.STATUS_ACCEPTED) {
                        fail(ctx, status == SocketProtocol.STATUS_REFUSED
                            ? "the server refused the authentication key (wrong key)"
                            : "unexpected authentication status " + status + " from the server");
                        return;
                    }
                    if (received.readableBytes() < SocketProtocol.STATUS_LENGTH + SocketProtocol.MAC_LENGTH) {
                        return;
                    }
                    received.skipBytes(SocketProtocol.STATUS_LENGTH);
                    byte[] proof = take(SocketProtocol.MAC_LENGTH);
                    if (!SocketProtocol.matches(SocketProtocol.serverProof(key, ownNonce), proof)) {
                        fail(ctx, "the server could not prove it holds the authentication key");
                        return;
                    }
                    done(ctx, true);
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** Checks the magic byte by byte as it arrives: a peer that is not jipc fails at its first wrong byte. */
    private boolean checkMagic(ChannelHandlerContext ctx) {
        int n = Math.min(received.readableBytes(), SocketProtocol.MAGIC_BYTES.length);
        for (int i = 0; i < n; i++) {
            if (received.getByte(received.readerIndex() + i) != SocketProtocol.MAGIC_BYTES[i]) {
                fail(ctx, "the peer is not a jipc peer: it sent " + describe());
                return false;
            }
        }
        return true;
    }

    private boolean readHello(ChannelHandlerContext ctx) {
        int at = received.readerIndex();
        int version = received.getUnsignedShortLE(at + SocketProtocol.VERSION_OFFSET);
        if (version != SocketProtocol.VERSION) {
            fail(ctx, "expected protocol version " + SocketProtocol.VERSION + ", found " + version);
            return false;
        }
        int flags = received.getUnsignedShortLE(at + SocketProtocol.FLAGS_OFFSET);
        boolean peerAuth = (flags & SocketProtocol.FLAG_AUTH) != 0;
        peerMaxFrame = received.getIntLE(at + SocketProtocol.MAX_FRAME_OFFSET);
        int asked = received.getIntLE(at + SocketProtocol.HEARTBEAT_INTERVAL_OFFSET);
        if (asked < 0) {
            fail(ctx, "the peer asked for heartbeats every " + Integer.toUnsignedString(asked) + " ms; expected 0 .. 2^31-1");
            return false;
        }
        peerHeartbeats = new Heartbeats((flags & SocketProtocol.FLAG_HEARTBEATS) != 0, asked);
        if (peerMaxFrame <= 0) {
            fail(ctx, "the peer announced a maximum frame length of " + Integer.toUnsignedString(peerMaxFrame)
                + " bytes; expected 1 .. 2^31-1");
            return false;
        }
        received.skipBytes(SocketProtocol.HELLO_LENGTH);
        boolean ownAuth = key != null;
        if (server) {
            if (ownAuth && !peerAuth) {
                fail(ctx, "the client has no authentication key, and this server requires one");
                return false;
            }
            if (!ownAuth && peerAuth) {
                fail(ctx, "the client holds an authentication key, but this server has none to prove");
                return false;
            }
        } else {
            if (peerAuth && !ownAuth) {
                fail(ctx, "the server requires an authentication key: give it with IpcOption.AUTH_KEY or the "
                    + "JIPC_AUTH_KEY environment variable");
                return false;
            }
            if (ownAuth && !peerAuth) {
                fail(ctx, "this side holds an authentication key, but the server does not authenticate: refusing to "
                    + "talk to a server that cannot prove it holds the key");
                return false;
            }
        }
        if (!ownAuth) {
            done(ctx, false);
        } else {
            step = server ? Step.PROOF : Step.CHALLENGE;
        }
        return true;
    }

    private void done(ChannelHandlerContext ctx, boolean authenticated) {
        step = Step.DONE;
        timeout.cancel(false);
        ByteBuf rest = received;
        received = null;
        listener.handshaken(ctx, peerMaxFrame, authenticated, peerHeartbeats, rest);
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (step == Step.DONE) {
            return;
        }
        step = Step.DONE;
        if (timeout != null) {
            timeout.cancel(false);
        }
        listener.failed(ctx, new HandshakeException(endpoint, reason), totalReceived == 0 && !ctx.channel().isActive());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "the connection closed during the handshake; received " + describe());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "the connection failed during the handshake: " + cause.getMessage());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (received != null) {
            received.release();
            received = null;
        }
    }

    private byte[] take(int n) {
        byte[] bytes = new byte[n];
        received.readBytes(bytes);
        return bytes;
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[SocketProtocol.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** @return what arrived so far, in hex and ASCII, up to {@value #SHOWN_BYTES} bytes */
    private String describe() {
        if (received == null || totalReceived == 0) {
            return "nothing";
        }
        int n = Math.min(SHOWN_BYTES, received.writerIndex());
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = received.getByte(i) & 0xFF;
            hex.append(String.format("%02x", b));
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return totalReceived + " bytes: " + hex + " \"" + text + "\"" + (totalReceived > n ? " ..." : "");
    }
}
