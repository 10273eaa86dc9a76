package io.jipc.chaos;

import java.io.IOException;
import java.time.Duration;

import io.jipc.internal.ProcessIdentity;

/**
 * Settings of the chaos suite and the soak, from system properties so that the long form is one command
 * ({@code docs/chaos.md}), and the signals they send.
 */
final class Chaos {

    /** How long each chaos scenario runs: {@code -Djipc.chaos.seconds=} (short form: 10). */
    static final Duration SCENARIO = Duration.ofSeconds(Long.getLong("jipc.chaos.seconds", 10));
    /** How long the soak runs: {@code -Djipc.soak.seconds=} (short form: 25). */
    static final Duration SOAK = Duration.ofSeconds(Long.getLong("jipc.soak.seconds", 25));

    private Chaos() {
    }

    /** @return the seed of a run: {@code -Djipc.chaos.seed=} to replay one, else a new one */
    static long seed() {
        Long given = Long.getLong("jipc.chaos.seed");
        return given != null ? given : System.nanoTime() ^ ProcessHandle.current().pid() << 32;
    }

    /**
     * Sends a signal by name ({@code KILL}, {@code STOP}, {@code CONT}) to a process, only while it is still the
     * process {@code who} names (never to whoever reused its pid).
     *
     * @return whether it was sent
     */
    static boolean signal(ProcessIdentity who, String name) {
        if (!who.isAlive()) {
            return false;
        }
        try {
            return new ProcessBuilder("kill", "-" + name, Long.toString(who.pid())).start().waitFor() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + name + " " + who.pid() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
