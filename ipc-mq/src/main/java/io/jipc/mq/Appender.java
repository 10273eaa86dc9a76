package io.jipc.mq;

import java.nio.file.FileStore;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;

import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;

/**
 * Appends jipc records ({@link MessageHeader} + payload) to a queue; thread-safe (one Chronicle appender behind a
 * lock). Each record is assembled in one off-heap block and written with the appender's {@code writeBytes}, a
 * whole document without a document context to open: Chronicle's cheapest append. Checks free space every {@link #CHECK_EVERY_BYTES} bytes and refuses to append below the queue's reserve:
 * Chronicle writes into sparse mapped files, and a page it touches on a full disk kills the write with an
 * {@link InternalError} (not an IOException) while it holds the queue's write lock.
 */
final class Appender implements AutoCloseable {

    /** The largest payload: well inside the quarter of a Chronicle block a document may take. */
    static final int MAX_MESSAGE_LENGTH = 4 << 20;
    /** How many appended bytes between two free-space checks (a statfs, about a microsecond). */
    static final long CHECK_EVERY_BYTES = 256 << 10;
    /** The initial size of the off-heap block each record is assembled in (it grows for larger messages). */
    private static final int STAGING_LENGTH = 4096;

    private final QueueStore store;
    private final Endpoint endpoint;
    /** Replaced after a fault inside Chronicle: a write that died half-way leaves its appender unusable. */
    private ExcerptAppender appender;
    private final FileStore fileStore;
    private final Runnable onNewCycle;
    private final Bytes<?> staging = Bytes.allocateElasticDirect(STAGING_LENGTH);
    private final UnsafeBuffer stage = new UnsafeBuffer(0, 0);
    private long bytesSinceCheck = Long.MAX_VALUE / 2;
    private int lastCycle = Integer.MIN_VALUE;
    private boolean closed;

    /**
     * @param onNewCycle run (outside the lock) after the first append to a cycle: retention's moment
     */
    Appender(QueueStore store, Runnable onNewCycle) {
        store.requireWritable("append");
        this.store = store;
        this.endpoint = store.endpoint;
        this.appender = newAppender(store);
        this.fileStore = store.directory.fileStore();
        this.onNewCycle = onNewCycle;
    }

    /** Appends a payload. @return its index */
    long append(byte kind, DirectBuffer buffer, int offset, int length) {
        checkLength(length);
        return append(kind, false, 0, buffer, offset, length, MessageHeader.checksum(buffer, offset, length));
    }

    /** Appends a channel record: its connection id goes where a message has its timestamp. @return its index */
    long append(byte kind, long firstWord, DirectBuffer buffer, int offset, int length) {
        checkLength(length);
        return append(kind, true, firstWord, buffer, offset, length, MessageHeader.checksum(firstWord, buffer, offset, length));
    }

    private void checkLength(int length) {
        if (length > MAX_MESSAGE_LENGTH) {
            throw new FrameTooLargeException(endpoint, "a message of " + length + " bytes is over the queue's limit of "
                + MAX_MESSAGE_LENGTH + " bytes");
        }
    }

    private long append(byte kind, boolean hasWord, long firstWord, DirectBuffer buffer, int offset, int length, int checksum) {
        boolean newCycle;
        long index;
        synchronized (this) {
            if (closed) {
                throw new QueueException(endpoint, "closed");
            }
            reserveSpace(length);
            int total = MessageHeader.LENGTH + length;
            Bytes<?> document = staging;
            document.clear();
            document.ensureCapacity(total);
            UnsafeBuffer stage = this.stage;
            stage.wrap(document.addressForWrite(0), total);
            stage.putShort(MessageHeader.MAGIC_OFFSET, MessageHeader.MAGIC);
            stage.putByte(MessageHeader.VERSION_OFFSET, MessageHeader.VERSION);
            stage.putByte(MessageHeader.KIND_OFFSET, kind);
            stage.putInt(MessageHeader.CHECKSUM_OFFSET, checksum);
            stage.putLong(MessageHeader.TIMESTAMP_OFFSET, hasWord ? firstWord : System.currentTimeMillis());
            stage.putBytes(MessageHeader.LENGTH, buffer, offset, length);
            document.writeSkip(total);
            try {
                // one document from one prepared block: Chronicle's fastest append, no document context to open
                appender.writeBytes(document);
            } catch (InternalError e) {
                renewAppender();
                throw diskFull(e);
            } catch (RuntimeException | AssertionError e) {
                renewAppender();
                throw new QueueException(endpoint, "append failed: " + e, e);
            }
            index = appender.lastIndexAppended();
            int cycle = appender.cycle();
            newCycle = cycle != lastCycle;
            lastCycle = cycle;
        }
        if (newCycle) {
            onNewCycle.run();
        }
        return index;
    }

    private static ExcerptAppender newAppender(QueueStore store) {
        ExcerptAppender appender = store.queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        return appender;
    }

    /** Drops an appender a failed write left inside a half-written document, and takes a fresh one. */
    private void renewAppender() {
        try {
            appender.close();
        } catch (RuntimeException | Error e) {
            // it is being dropped: nothing more to do with it
        }
        appender = newAppender(store);
    }

    private void reserveSpace(int length) {
        bytesSinceCheck += length + MessageHeader.LENGTH + 4;
        if (bytesSinceCheck < CHECK_EVERY_BYTES) {
            return;
        }
        long usable = store.directory.usableSpace(fileStore);
        long reserve = store.settings.minFreeSpace();
        if (usable < reserve) {
            throw new DiskFullException(endpoint, "append refused: " + (usable >> 10) + " KiB free on the file system of "
                + store.directory.path() + ", under the reserve of " + (reserve >> 10) + " KiB (minFreeSpace); nothing was"
                + " written, what was written before is intact", null);
        }
        bytesSinceCheck = 0;
    }

    private DiskFullException diskFull(InternalError e) {
        bytesSinceCheck = Long.MAX_VALUE / 2;
        return new DiskFullException(endpoint, "append failed: the file system of " + store.directory.path()
            + " ran out of space under Chronicle's mapped file (" + e.getMessage() + "); nothing of this message is readable,"
            + " what was written before is intact", e);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            appender.close();
            staging.releaseLast();
        }
    }
}
