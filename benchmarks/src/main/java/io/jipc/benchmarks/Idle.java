package io.jipc.benchmarks;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import io.jipc.spi.AbstractChannel;

/** Idle strategies by name, for {@code -Djipc.bench.idle=}: {@code backoff} (the channels' default),
 * {@code yield}, {@code spin}, or {@code backoff:<spins>:<yields>:<minParkNanos>:<maxParkNanos>}. */
final class Idle {

    private Idle() {
    }

    static IdleStrategy named(String name) {
        return switch (name) {
            case "backoff" -> AbstractChannel.defaultIdleStrategy();
            case "yield" -> YieldingIdleStrategy.INSTANCE;
            case "spin" -> BusySpinIdleStrategy.INSTANCE;
            default -> name.startsWith("backoff:") ? backoff(name) : unknown(name);
        };
    }

    /** {@code backoff:<spins>:<yields>:<minParkNanos>:<maxParkNanos>} */
    private static IdleStrategy backoff(String spec) {
        String[] parts = spec.split(":");
        if (parts.length != 5) {
            return unknown(spec);
        }
        return new BackoffIdleStrategy(Long.parseLong(parts[1]), Long.parseLong(parts[2]),
            Long.parseLong(parts[3]), Long.parseLong(parts[4]));
    }

    private static IdleStrategy unknown(String name) {
        throw new IllegalArgumentException("unknown idle strategy '" + name
            + "': backoff, yield, spin or backoff:<spins>:<yields>:<minParkNanos>:<maxParkNanos>");
    }
}
