package io.jipc.mq;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

import io.jipc.Endpoint;
import io.jipc.EndpointException;

/**
 * A queue's settings, from its endpoint's query parameters, with their defaults and checks in one place:
 * {@code mq:/var/lib/app/jobs?rollCycle=hourly&retention=7d&minFreeSpace=256m}.
 *
 * @param directory    the queue's directory (the endpoint's address)
 * @param rollCycle    how often a new cycle file starts; null to keep an existing queue's (daily for a new one)
 * @param retention    how long cycle files are kept, or null to keep them forever
 * @param minFreeSpace appends are refused while the file system has less free space than this
 */
record MqSettings(Path directory, RollCycle rollCycle, Duration retention, long minFreeSpace) {

    /** Query parameter: {@code daily} (default), {@code hourly}, ... (see {@link #ROLL_CYCLES}). */
    static final String ROLL_CYCLE = "rollCycle";
    /** Query parameter: e.g. {@code 7d}, {@code 12h}, {@code 30m}; default none (keep everything). */
    static final String RETENTION = "retention";
    /** Query parameter: a size, default {@link #DEFAULT_MIN_FREE_SPACE}. */
    static final String MIN_FREE_SPACE = "minFreeSpace";
    /** The parameters a queue endpoint accepts. */
    static final Set<String> PARAMETERS = Set.of(ROLL_CYCLE, RETENTION, MIN_FREE_SPACE);

    /** Enough for Chronicle to map the next chunk and index pages between two checks, with room to spare. */
    static final long DEFAULT_MIN_FREE_SPACE = 64L << 20;
    /** The default roll cycle of a new queue. */
    static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_DAILY;

    /** Roll cycles by parameter value; {@code test_secondly} rolls every second, for tests of retention. */
    static final Map<String, RollCycle> ROLL_CYCLES = rollCycles();

    private static Map<String, RollCycle> rollCycles() {
        Map<String, RollCycle> map = new TreeMap<>();
        map.put("five_minutely", RollCycles.FIVE_MINUTELY);
        map.put("ten_minutely", RollCycles.TEN_MINUTELY);
        map.put("twenty_minutely", RollCycles.TWENTY_MINUTELY);
        map.put("half_hourly", RollCycles.HALF_HOURLY);
        map.put("hourly", RollCycles.FAST_HOURLY);
        map.put("two_hourly", RollCycles.TWO_HOURLY);
        map.put("four_hourly", RollCycles.FOUR_HOURLY);
        map.put("six_hourly", RollCycles.SIX_HOURLY);
        map.put("daily", RollCycles.FAST_DAILY);
        map.put("weekly", RollCycles.WEEKLY);
        map.put("test_secondly", TestRollCycles.TEST_SECONDLY);
        return map;
    }

    /**
     * @throws EndpointException for an empty address, an unknown roll cycle, a malformed retention or size
     */
    static MqSettings of(Endpoint endpoint) {
        endpoint.requireOnly(PARAMETERS);
        if (endpoint.address().isEmpty()) {
            throw new EndpointException(endpoint, "no directory: expected mq:/path/to/queue");
        }
        RollCycle roll = null;
        String rollName = endpoint.parameters().get(ROLL_CYCLE);
        if (rollName != null) {
            roll = ROLL_CYCLES.get(rollName.toLowerCase(Locale.ROOT));
            if (roll == null) {
                throw new EndpointException(endpoint, "unknown rollCycle '" + rollName + "'; supported: " + ROLL_CYCLES.keySet());
            }
        }
        Duration retention = null;
        String retentionText = endpoint.parameters().get(RETENTION);
        if (retentionText != null) {
            retention = duration(endpoint, retentionText);
        }
        long minFree = endpoint.sizeParameter(MIN_FREE_SPACE, DEFAULT_MIN_FREE_SPACE);
        return new MqSettings(Path.of(endpoint.address()).toAbsolutePath().normalize(), roll, retention, minFree);
    }

    /** @return the roll cycle's name as a parameter value */
    static String nameOf(RollCycle roll) {
        for (Map.Entry<String, RollCycle> e : ROLL_CYCLES.entrySet()) {
            if (e.getValue() == roll) {
                return e.getKey();
            }
        }
        return String.valueOf(roll);
    }

    private static Duration duration(Endpoint endpoint, String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d = switch (v.charAt(v.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> null;
            };
            if (d != null && !d.isNegative()) {
                return d;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new EndpointException(endpoint, "query parameter " + RETENTION + "='" + text
            + "' is not a duration (examples: 7d, 12h, 30m, 90s)");
    }
}
