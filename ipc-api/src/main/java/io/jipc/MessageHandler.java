package io.jipc;

import org.agrona.DirectBuffer;

/**
 * Receives one message from {@link Channel#poll(MessageHandler, int)}.
 * <p>
 * The buffer is a zero-copy view valid only during the call: copy what must outlive it.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * @param buffer holds the message
     * @param offset where the message starts in {@code buffer}
     * @param length the message's length in bytes, possibly zero
     */
    void onMessage(DirectBuffer buffer, int offset, int length);
}
