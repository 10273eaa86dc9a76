package io.jipc.mq;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import org.agrona.concurrent.IdleStrategy;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;

/**
 * What every queue reader shares: a Chronicle tailer confined to the reading thread, the record checks, decoding,
 * the blocking {@link #receive} over {@link #poll}, and the readiness peek.
 *
 * @param <T> what handlers receive
 */
abstract class AbstractReader<T> implements QueueReader<T> {

    final QueueStore store;
    final ExcerptTailer tailer;
    final RecordReader records;
    private final Function<QueueMessage, T> decoder;
    private final IdleStrategy idle = AbstractChannel.defaultIdleStrategy();
    long lastIndex = -1;
    boolean closed;

    AbstractReader(QueueStore store, Function<QueueMessage, T> decoder) {
        this.store = store;
        this.tailer = store.tailer();
        tailer.singleThreadedCheckDisabled(true);
        this.records = new RecordReader(store.endpoint, store.rollCycle());
        this.decoder = decoder;
    }

    /** @return what reading this reader calls itself in messages */
    abstract String describe();

    void checkOpen() {
        if (closed) {
            throw new QueueException(store.endpoint, describe() + " is closed");
        }
    }

    /**
     * Hands the record of a present document to the handler, skipping jipc's channel records.
     *
     * @return true when a message was handed and the handler returned; false for a skipped record
     */
    final boolean deliver(DocumentContext dc, Consumer<? super T> handler) {
        if (records.read(dc) != MessageHeader.KIND_MESSAGE) {
            return false;
        }
        boolean done = false;
        try {
            handler.accept(decoder.apply(records.view()));
            done = true;
        } finally {
            if (!done) {
                dc.rollbackOnClose();
            }
        }
        lastIndex = dc.index();
        return true;
    }

    @Override
    public int receive(Consumer<? super T> handler, int limit, Duration timeout) {
        int n = poll(handler, limit);
        if (n > 0) {
            return n;
        }
        long deadline = Deadlines.of(timeout);
        idle.reset();
        while ((n = poll(handler, limit)) == 0) {
            if (Thread.interrupted()) {
                throw IpcInterruptedException.interrupted(store.endpoint, "a message for " + describe());
            }
            if (Deadlines.passed(deadline)) {
                throw new IpcTimeoutException(store.endpoint, "no message for " + describe() + " within " + timeout);
            }
            idle.idle();
        }
        return n;
    }

    @Override
    public boolean isReady() {
        if (closed) {
            return true;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (dc.isPresent()) {
                dc.rollbackOnClose();
                return true;
            }
            return false;
        }
    }

    @Override
    public long lastIndex() {
        return lastIndex;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release();
            tailer.close();
        }
    }

    /** Releases what the subclass holds; called once by {@link #close()}. */
    void release() {
    }
}
