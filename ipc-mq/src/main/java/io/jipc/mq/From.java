package io.jipc.mq;

import java.time.Instant;
import java.util.Objects;

/**
 * Where reading starts: for {@link MessageQueue#replay}, and for a subscription the first time its name is used
 * (afterwards it resumes from its own position).
 */
public final class From {

    enum Kind { START, END, INDEX, TIME }

    private static final From START = new From(Kind.START, 0, null);
    private static final From END = new From(Kind.END, 0, null);

    private final Kind kind;
    private final long index;
    private final Instant time;

    private From(Kind kind, long index, Instant time) {
        this.kind = kind;
        this.index = index;
        this.time = time;
    }

    /** @return from the oldest message still kept */
    public static From start() {
        return START;
    }

    /** @return from the next message appended (none of those already there) */
    public static From end() {
        return END;
    }

    /**
     * @param index a message's {@link QueueMessage#index()}
     * @return from that message
     */
    public static From index(long index) {
        return new From(Kind.INDEX, index, null);
    }

    /**
     * @param time a point in time
     * @return from the first message appended at or after {@code time}
     */
    public static From time(Instant time) {
        return new From(Kind.TIME, 0, Objects.requireNonNull(time, "time"));
    }

    Kind kind() {
        return kind;
    }

    long index() {
        return index;
    }

    Instant time() {
        return time;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case START -> "From.start()";
            case END -> "From.end()";
            case INDEX -> "From.index(0x" + Long.toHexString(index) + ")";
            case TIME -> "From.time(" + time + ")";
        };
    }
}
