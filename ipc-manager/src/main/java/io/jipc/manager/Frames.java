package io.jipc.manager;

import static io.jipc.manager.ManagerProtocol.FRAME_HEADER;
import static io.jipc.manager.ManagerProtocol.LAST;
import static io.jipc.manager.ManagerProtocol.MORE;

import java.time.Duration;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.Channel;
import io.jipc.IpcTimeoutException;
import io.jipc.MessageHandler;
import io.jipc.ProtocolException;
import io.jipc.spi.Deadlines;

/**
 * Cuts messages into frames and joins frames into messages ({@link ManagerProtocol}): a message fits any channel,
 * however small its largest frame. One reader per channel; not thread-safe.
 */
final class Frames implements MessageHandler {

    private final Channel channel;
    private final int limit;
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(256);
    private int length;
    private boolean complete;

    /**
     * @param channel the channel frames are read from
     * @param limit   the longest message accepted
     */
    Frames(Channel channel, int limit) {
        this.channel = channel;
        this.limit = limit;
    }

    @Override
    public void onMessage(DirectBuffer buffer, int offset, int frameLength) {
        if (complete) {
            length = 0;
            complete = false;
        }
        if (frameLength < FRAME_HEADER) {
            throw new ProtocolException(channel.endpoint(), "an empty frame from " + channel.peer());
        }
        byte flags = buffer.getByte(offset);
        if (flags != LAST && flags != MORE) {
            throw new ProtocolException(channel.endpoint(), "a frame with flags " + flags + " from " + channel.peer()
                + " (not a manager's peer?)");
        }
        int part = frameLength - FRAME_HEADER;
        if (part > limit - length) {
            throw new ProtocolException(channel.endpoint(), "a message longer than " + limit + " bytes from "
                + channel.peer());
        }
        message.putBytes(length, buffer, offset + FRAME_HEADER, part);
        length += part;
        complete = flags == LAST;
    }

    /**
     * Reads frames until a whole message is here.
     *
     * @param timeout how long to wait; null to wait until it comes or the channel ends
     * @throws IpcTimeoutException when it did not come in time (a part of it may have)
     */
    void receive(Duration timeout) {
        if (timeout == null) {
            do {
                try {
                    channel.receive(this, 1, Duration.ofHours(1));
                } catch (IpcTimeoutException e) {
                    // as long as it takes
                }
            } while (!complete);
            return;
        }
        long deadline = Deadlines.of(timeout);
        channel.receive(this, 1, timeout); // the whole message, mostly: one frame
        while (!complete) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IpcTimeoutException(channel.endpoint(), "no message within " + timeout);
            }
            channel.receive(this, 1, Duration.ofNanos(left));
        }
    }

    /** Reads what is waiting without blocking. @return true when a whole message is here */
    boolean poll() {
        while (!complete && channel.poll(this, 1) > 0) {
            // joins the frames that are here
        }
        return complete;
    }

    /** @return the message read last (valid until the next read) */
    DirectBuffer message() {
        return message;
    }

    /** @return its length */
    int length() {
        return complete ? length : 0;
    }

    /**
     * Sends the message of {@code length} bytes written at {@link ManagerProtocol#FRAME_HEADER} in {@code out}, in
     * as many frames as the channel needs. The bytes before each frame's part are overwritten.
     *
     * @throws IpcTimeoutException when a frame found no room in time
     */
    static void send(Channel channel, MutableDirectBuffer out, int length, Duration timeout) {
        int max = channel.maxMessageLength() - FRAME_HEADER;
        if (length <= max) {
            out.putByte(0, LAST);
            channel.send(out, 0, FRAME_HEADER + length, timeout);
            return;
        }
        for (int sent = 0; sent < length; ) {
            int part = Math.min(max, length - sent);
            out.putByte(sent, sent + part == length ? LAST : MORE); // over the last byte already sent
            channel.send(out, sent, FRAME_HEADER + part, timeout);
            sent += part;
        }
    }
}
