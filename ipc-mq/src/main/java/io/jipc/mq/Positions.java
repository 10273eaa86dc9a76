package io.jipc.mq;

import java.util.NavigableSet;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Moving a tailer: to a {@link From}, just after an acknowledged index, or to the first message at or after a point
 * in time. Chronicle has no time API: the time's cycle is computed, then the timestamps jipc stores in each
 * message's header ({@link MessageHeader}) are binary-searched; they do not decrease along the queue,
 * except by the microseconds two racing producers may differ (see {@link MessageHeader}).
 */
final class Positions {

    /** No index: nothing acknowledged, or no message at or after a time. */
    static final long NONE = -1;

    private Positions() {
    }

    /** Moves a tailer so that the next read is the first message {@code from} names. */
    static void moveTo(QueueStore store, ExcerptTailer tailer, From from) {
        switch (from.kind()) {
            case START -> tailer.toStart();
            case END -> tailer.toEnd();
            case INDEX -> moveToIndex(store, tailer, from.index(), "replay from");
            case TIME -> {
                long index = firstAtOrAfter(store, tailer, from.time().toEpochMilli());
                if (index == NONE) {
                    tailer.toEnd();
                } else {
                    moveToIndex(store, tailer, index, "replay from");
                }
            }
            default -> throw new IllegalStateException(from.toString());
        }
    }

    /**
     * Moves to an index that must exist.
     *
     * @throws QueueException naming the index and the queue's range when it does not
     */
    static void moveToIndex(QueueStore store, ExcerptTailer tailer, long index, String why) {
        if (!tailer.moveToIndex(index)) {
            long first = store.queue.firstIndex();
            long last = store.queue.lastIndex();
            if (index == last + 1 || (first == Long.MAX_VALUE && last <= 0)) {
                tailer.toEnd();
                return;
            }
            throw new QueueException(store.endpoint, why + " index 0x" + Long.toHexString(index) + ": no such message; the"
                + " queue holds 0x" + Long.toHexString(first) + " to 0x" + Long.toHexString(last)
                + " (older cycles deleted by retention, or a file removed by hand?)");
        }
    }

    /**
     * Moves just past an acknowledged message, so that the next read is the one after it.
     *
     * @throws QueueException when the acknowledged message is no longer in the queue
     */
    static void moveAfter(QueueStore store, ExcerptTailer tailer, long acknowledged, String why) {
        moveToIndex(store, tailer, acknowledged, why);
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new QueueException(store.endpoint, why + ": the acknowledged message 0x" + Long.toHexString(acknowledged)
                    + " cannot be read");
            }
        }
    }

    /** @return the index of the first message appended at or after {@code epochMillis}, or {@link #NONE} */
    static long firstAtOrAfter(QueueStore store, ExcerptTailer tailer, long epochMillis) {
        RollCycle roll = store.rollCycle();
        int first = store.queue.firstCycle();
        int last = store.queue.lastCycle();
        if (first == Integer.MAX_VALUE || last < first) {
            return NONE;
        }
        // a message's stamp is taken just after its cycle was chosen: it may lie a little past its cycle's end
        int from = Math.max(first, (int) (epochMillis / roll.lengthInMillis()) - 1);
        if (from > last) {
            return NONE;
        }
        RecordReader records = new RecordReader(store.endpoint, roll);
        NavigableSet<Long> cycles = store.queue.listCyclesBetween(from, last);
        for (long c : cycles) {
            int cycle = (int) c;
            long count = tailer.excerptsInCycle(cycle);
            if (count <= 0 || timestampAt(store, tailer, records, roll.toIndex(cycle, count - 1)) < epochMillis) {
                continue;
            }
            long low = 0;
            long high = count - 1;
            while (low < high) {
                long mid = (low + high) >>> 1;
                if (timestampAt(store, tailer, records, roll.toIndex(cycle, mid)) < epochMillis) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return roll.toIndex(cycle, low);
        }
        return NONE;
    }

    private static long timestampAt(QueueStore store, ExcerptTailer tailer, RecordReader records, long index) {
        moveToIndex(store, tailer, index, "time search at");
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return Long.MAX_VALUE;
            }
            records.read(dc);
            return records.view().timestamp();
        }
    }

    /**
     * @return the first index {@code from} names now, for a new subscription's start; NONE for the queue's start;
     *     {@code From.end()} is not resolved here (a new subscription takes everything there as acknowledged)
     */
    static long resolve(QueueStore store, From from) {
        return switch (from.kind()) {
            case START, END -> NONE;
            case INDEX -> from.index();
            case TIME -> {
                ExcerptTailer tailer = store.tailer();
                try {
                    long index = firstAtOrAfter(store, tailer, from.time().toEpochMilli());
                    yield index != NONE ? index : (store.queue.lastIndex() < 0 ? NONE : store.queue.lastIndex() + 1);
                } finally {
                    tailer.close();
                }
            }
        };
    }
}
