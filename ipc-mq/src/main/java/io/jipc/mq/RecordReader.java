package io.jipc.mq;

import org.agrona.concurrent.UnsafeBuffer;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.DocumentContext;

import io.jipc.Endpoint;

/**
 * Reads the jipc record in a Chronicle document: checks the magic, version and checksum ({@link MessageHeader})
 * before anything else, then points a {@link QueueMessage} at the payload, zero-copy. One per reader; not
 * thread-safe.
 */
final class RecordReader {

    private final Endpoint endpoint;
    private final RollCycle roll;
    private final QueueMessage view = new QueueMessage();
    private final UnsafeBuffer header = new UnsafeBuffer(0, 0);

    RecordReader(Endpoint endpoint, RollCycle roll) {
        this.endpoint = endpoint;
        this.roll = roll;
    }

    /** @return the view of the last record read */
    QueueMessage view() {
        return view;
    }

    /**
     * Reads the record of a present document; the view then holds its payload.
     *
     * @return the record's kind ({@link MessageHeader#KIND_MESSAGE} or a channel record's)
     * @throws CorruptQueueException when the document is not a jipc record, or its payload is damaged
     */
    byte read(DocumentContext dc) {
        Bytes<?> bytes = dc.wire().bytes();
        long remaining = bytes.readRemaining();
        long index = dc.index();
        if (remaining < MessageHeader.LENGTH) {
            throw new CorruptQueueException(endpoint, "the document at index 0x" + Long.toHexString(index) + " is " + remaining
                + " bytes long, shorter than jipc's " + MessageHeader.LENGTH + "-byte header: it was not written by jipc");
        }
        long address = bytes.addressForRead(bytes.readPosition());
        header.wrap(address, MessageHeader.LENGTH);
        short magic = header.getShort(MessageHeader.MAGIC_OFFSET);
        byte version = header.getByte(MessageHeader.VERSION_OFFSET);
        if (magic != MessageHeader.MAGIC || version != MessageHeader.VERSION) {
            throw new CorruptQueueException(endpoint, "the document at index 0x" + Long.toHexString(index) + " is not a jipc"
                + " message: expected magic 0x" + Integer.toHexString(MessageHeader.MAGIC) + " version " + MessageHeader.VERSION
                + ", found 0x" + Integer.toHexString(magic & 0xFFFF) + " version " + version + " (another program wrote into"
                + " the queue?)");
        }
        int length = (int) (remaining - MessageHeader.LENGTH);
        byte kind = header.getByte(MessageHeader.KIND_OFFSET);
        long word = header.getLong(MessageHeader.TIMESTAMP_OFFSET);
        boolean channel = kind >= MessageHeader.KIND_CHANNEL_FIRST;
        view.wrap(address + MessageHeader.LENGTH, length, index, channel ? 0 : word);
        int expected = header.getInt(MessageHeader.CHECKSUM_OFFSET);
        int actual = channel ? MessageHeader.checksum(word, view.buffer(), 0, length) : MessageHeader.checksum(view.buffer(), 0, length);
        if (expected != actual) {
            throw new CorruptQueueException(endpoint, "the message at index 0x" + Long.toHexString(index) + " (" + length
                + " bytes, in the file of cycle " + roll.toCycle(index) + ") is damaged: checksum 0x"
                + Integer.toHexString(actual) + ", recorded 0x" + Integer.toHexString(expected));
        }
        return kind;
    }

    /** @return the connection id of the channel record read last */
    long connection() {
        return header.getLong(MessageHeader.CONNECTION_OFFSET);
    }
}
