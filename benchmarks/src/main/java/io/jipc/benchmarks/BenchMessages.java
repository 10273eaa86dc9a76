package io.jipc.benchmarks;

/**
 * The messages the benchmark drivers exchange with their responders, on every transport.
 * <pre>
 *   0        1          8               16                  LENGTH (32)
 *   +--------+----------+---------------+-------------------+
 *   | kind   | unused   | count (acks)  | unused            |
 *   +--------+----------+---------------+-------------------+
 * </pre>
 * {@link #PING} is echoed back unchanged; {@link #DATA} is only counted; {@link #END} is answered with the number of
 * {@code DATA} messages since the previous {@code END}, as a little-endian long at {@link #COUNT_OFFSET}.
 */
public final class BenchMessages {

    /** Every benchmark message is this long. */
    public static final int LENGTH = 32;
    /** Offset of the kind byte. */
    public static final int KIND_OFFSET = 0;
    /** Offset of the acknowledged count in an {@link #END} reply. */
    public static final int COUNT_OFFSET = 8;
    /** Echo me. */
    public static final byte PING = 1;
    /** Count me. */
    public static final byte DATA = 2;
    /** Answer with the count of {@link #DATA} since the previous {@code END}, and reset it. */
    public static final byte END = 3;
    /** Stop serving and exit (raw floors whose child has no channel to close). */
    public static final byte STOP = 4;

    private BenchMessages() {
    }
}
