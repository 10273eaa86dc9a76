package io.jipc.manager;

import static io.jipc.manager.ManagerProtocol.FRAME_HEADER;
import static io.jipc.manager.ManagerProtocol.LENGTH_BYTES;
import static io.jipc.manager.ManagerProtocol.ORDER;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.IpcException;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;
import io.jipc.internal.Lambdas;

/**
 * One client channel, served on a thread of its own: the HELLO, then requests one at a time, each answered before
 * the next is read. When the channel ends (the client closed, exited or was killed) the elements the client took
 * from a queue but never acknowledged go back to that queue, and the thread ends.
 */
final class Session implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** How long a new channel may take to say HELLO. */
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** How often an idle session checks whether the manager is stopping. */
    private static final Duration SLICE = Duration.ofMillis(250);
    /** How long an answer may wait for room: a client that does not read for longer is dropped. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** How long closing waits for the client to take the last answer. */
    private static final Duration LINGER = Duration.ofMillis(500);

    private final ManagerServer server;
    private final Channel channel;
    private final Codec<Object> codec;
    private final Frames frames;
    private final Request request;
    private final Reply reply;
    /** Lambda shapes this channel sent, by id: a {@link Lambdas.Shape}, or the {@link Refusal} to answer with. */
    private final Int2ObjectHashMap<Object> shapes = new Int2ObjectHashMap<>();
    private List<Object> pending;
    private ServedQueue pendingQueue;

    Session(ManagerServer server, Channel channel) {
        this.server = server;
        this.channel = channel;
        this.codec = server.codec();
        this.frames = new Frames(channel, ManagerProtocol.MAX_MESSAGE);
        this.request = new Request(this, codec);
        this.reply = new Reply(codec, request);
    }

    /** @return the channel, to close it when the manager stops */
    Channel channel() {
        return channel;
    }

    @Override
    public void run() {
        try {
            if (hello()) {
                LOG.debug("{}: serving {}", channel.endpoint(), channel.peer());
                while (!server.stopping()) {
                    try {
                        frames.receive(SLICE);
                    } catch (IpcTimeoutException e) {
                        continue;
                    }
                    handle(frames.message(), frames.length());
                }
            }
        } catch (PeerGoneException | ChannelClosedException e) {
            LOG.debug("{}: {} left: {}", channel.endpoint(), channel.peer(), reason(e));
        } catch (ProtocolException e) {
            LOG.warn("{}: closing the channel of {}: {}", channel.endpoint(), channel.peer(), reason(e));
        } catch (IpcTimeoutException e) {
            LOG.warn("{}: closing the channel of {}, which did not read its answer within {}", channel.endpoint(),
                channel.peer(), SEND_TIMEOUT);
        } catch (RuntimeException | Error e) {
            LOG.error("{}: the session of {} failed", channel.endpoint(), channel.peer(), e);
        } finally {
            giveBack();
            try {
                channel.close(LINGER);
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the channel of {}: {}", channel.endpoint(), channel.peer(), e.toString());
            }
            server.ended(this);
        }
    }

    /** @return the exception's message without the endpoint it starts with */
    private String reason(IpcException e) {
        String message = e.getMessage();
        String prefix = channel.endpoint() + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private boolean hello() {
        try {
            frames.receive(HELLO_TIMEOUT);
        } catch (IpcTimeoutException e) {
            LOG.warn("{}: {} said nothing within {}; closing its channel", channel.endpoint(), channel.peer(), HELLO_TIMEOUT);
            return false;
        }
        DirectBuffer message = frames.message();
        int length = frames.length();
        if (length < ManagerProtocol.HELLO_LENGTH || message.getByte(ManagerProtocol.TYPE_OFFSET) != ManagerProtocol.HELLO
            || message.getLong(ManagerProtocol.HELLO_MAGIC_OFFSET, ORDER) != ManagerProtocol.MAGIC) {
            LOG.warn("{}: {} is not a manager client (its first message is {} bytes of type {}); closing its channel",
                channel.endpoint(), channel.peer(), length, length > 0 ? message.getByte(0) : -1);
            return false;
        }
        int version = message.getInt(ManagerProtocol.HELLO_VERSION_OFFSET, ORDER);
        ExpandableArrayBuffer out = reply.buffer();
        int p = FRAME_HEADER;
        out.putByte(p, ManagerProtocol.WELCOME);
        out.putInt(p + ManagerProtocol.WELCOME_VERSION_OFFSET, ManagerProtocol.VERSION, ORDER);
        out.putLong(p + ManagerProtocol.WELCOME_PID_OFFSET, ProcessHandle.current().pid(), ORDER);
        List<String> allowed = server.allowed();
        out.putInt(p + ManagerProtocol.WELCOME_COUNT_OFFSET, allowed.size(), ORDER);
        int q = p + ManagerProtocol.WELCOME_HEADER;
        for (String pattern : allowed) {
            q += putString(out, q, pattern);
        }
        Frames.send(channel, out, q - FRAME_HEADER, SEND_TIMEOUT);
        if (version != ManagerProtocol.VERSION) {
            LOG.warn("{}: {} speaks manager protocol version {}, this manager {}; closing its channel",
                channel.endpoint(), channel.peer(), version, ManagerProtocol.VERSION);
            return false;
        }
        return true;
    }

    private void handle(DirectBuffer message, int length) {
        byte type = message.getByte(ManagerProtocol.TYPE_OFFSET);
        if (pending != null) {
            if (type != ManagerProtocol.ACK) {
                throw protocolError("a message of type " + type + " where the ACK of " + pending.size()
                    + " taken elements belongs");
            }
            pending = null;
            pendingQueue = null;
            return;
        }
        switch (type) {
            case ManagerProtocol.CALL -> call(message, length);
            case ManagerProtocol.OPEN -> open(message, length);
            case ManagerProtocol.REMOVE -> reply.value(server.table().remove(string(message, ManagerProtocol.REMOVE_NAME_OFFSET, length)));
            case ManagerProtocol.NAMES -> reply.values(server.table().names());
            case ManagerProtocol.ACK -> throw protocolError("an ACK with nothing taken to acknowledge");
            default -> throw protocolError("a message of unknown type " + type);
        }
        if (reply.taken() != null) {
            pending = reply.taken();
            pendingQueue = reply.takenFrom();
        }
        Frames.send(channel, reply.buffer(), reply.length(), SEND_TIMEOUT);
    }

    private void call(DirectBuffer message, int length) {
        request.target(null);
        try {
            request.parse(message, length);
            Served target = server.table().get(request.handle());
            request.target(target);
            target.call(request, reply);
        } catch (Refusal r) {
            reply.text(r.status, r.getMessage());
        } catch (ProtocolException e) {
            throw e;
        } catch (Exception | Error e) {
            reply.thrown(e);
        }
    }

    private void open(DirectBuffer message, int length) {
        if (length < ManagerProtocol.OPEN_NAME_OFFSET) {
            throw protocolError("an OPEN of " + length + " bytes");
        }
        Kind kind = Kind.of(message.getByte(ManagerProtocol.OPEN_KIND_OFFSET));
        int capacity = message.getInt(ManagerProtocol.OPEN_CAPACITY_OFFSET, ORDER);
        long hash = message.getLong(ManagerProtocol.OPEN_HASH_OFFSET, ORDER);
        int p = ManagerProtocol.OPEN_NAME_OFFSET;
        String name = string(message, p, length);
        p += LENGTH_BYTES + message.getInt(p, ORDER);
        String type = string(message, p, length);
        if (kind == null || name == null || name.isEmpty()) {
            throw protocolError("an OPEN without a kind or a name");
        }
        try {
            reply.value(server.table().open(kind, name, capacity, type, hash).handle);
        } catch (Refusal r) {
            reply.text(r.status, r.getMessage());
        }
    }

    /** @return the string at {@code offset}, or null for the null string */
    private String string(DirectBuffer message, int offset, int length) {
        if (offset + LENGTH_BYTES > length) {
            throw protocolError("a string past the end of a message of " + length + " bytes");
        }
        int n = message.getInt(offset, ORDER);
        if (n < 0) {
            return null;
        }
        if (n > length - offset - LENGTH_BYTES) {
            throw protocolError("a string of " + n + " bytes in the last " + (length - offset - LENGTH_BYTES));
        }
        return message.getStringWithoutLengthUtf8(offset + LENGTH_BYTES, n);
    }

    private static int putString(ExpandableArrayBuffer out, int offset, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(offset, bytes.length, ORDER);
        out.putBytes(offset + LENGTH_BYTES, bytes);
        return LENGTH_BYTES + bytes.length;
    }

    /**
     * Rebuilds a function argument: {@code shape id | shape length | shape | captured values}.
     *
     * @throws Refusal with {@link ManagerProtocol#NO_LAMBDA} when the manager will not rebuild it
     */
    Object function(DirectBuffer buffer, int offset, int length, String what) {
        if (length < 2 * LENGTH_BYTES) {
            throw protocolError("a function argument of " + length + " bytes");
        }
        int id = buffer.getInt(offset, ORDER);
        int shapeLength = buffer.getInt(offset + LENGTH_BYTES, ORDER);
        if (shapeLength < 0 || shapeLength > length - 2 * LENGTH_BYTES) {
            throw protocolError("a function argument whose shape claims " + shapeLength + " bytes");
        }
        int shapeOffset = offset + 2 * LENGTH_BYTES;
        Object entry = shapeLength > 0 ? shape(id, buffer, shapeOffset, shapeLength) : shapes.get(id);
        if (entry == null) {
            throw Refusal.failed("the function of " + what + " names lambda shape " + id + ", never sent on this channel");
        }
        if (entry instanceof Refusal refusal) {
            throw refusal;
        }
        Lambdas.Shape shape = (Lambdas.Shape) entry;
        try {
            return shape.rebuild(Lambdas.decodeCaptured(buffer, shapeOffset + shapeLength, offset + length, codec));
        } catch (CodecException e) {
            throw new Refusal(ManagerProtocol.NO_LAMBDA, "the function of " + what + ": " + e.getMessage());
        }
    }

    private Object shape(int id, DirectBuffer buffer, int offset, int length) {
        Object entry;
        try {
            Lambdas.Shape shape = Lambdas.read(buffer, offset, offset + length, server.classLoader());
            entry = server.allowList().allows(shape.capturingClass()) ? shape
                : new Refusal(ManagerProtocol.NO_LAMBDA, "functions declared in " + shape.capturingClass().getName()
                    + " do not run in this manager: that class is not on its allow-list");
        } catch (CodecException e) {
            entry = new Refusal(ManagerProtocol.NO_LAMBDA, e.getMessage());
        }
        shapes.put(id, entry);
        return entry;
    }

    /** @return true when the client left or the manager is stopping: a long wait should end */
    boolean abandoned() {
        if (server.stopping()) {
            return true;
        }
        try {
            return channel.isReady();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private void giveBack() {
        if (pending != null) {
            LOG.debug("{}: {} left without acknowledging {} elements of {}; they go back to its head",
                channel.endpoint(), channel.peer(), pending.size(), pendingQueue.describe());
            pendingQueue.giveBack(pending);
            pending = null;
            pendingQueue = null;
        }
    }

    /** @return the exception that ends this channel, after telling the client why */
    ProtocolException protocolError(String what) {
        ProtocolException e = new ProtocolException(channel.endpoint(), what);
        try {
            reply.text(ManagerProtocol.PROTOCOL, e.getMessage());
            Frames.send(channel, reply.buffer(), reply.length(), Duration.ofMillis(100));
        } catch (RuntimeException ignored) {
            // the channel ends anyway
        }
        return e;
    }
}
