package io.jipc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.StringTokenizer;

/**
 * A process named by pid and start time, so that a reused pid is not mistaken for the process it used to name: the
 * one identity jipc records for a file's creator, a channel's peer, a lock's or a semaphore's holder, and a child's
 * parent.
 * <p>
 * The start time is the kernel's, in clock ticks since boot ({@code /proc/<pid>/stat}, field 22): every process
 * reads the same number for the same process, and no step of the wall clock (NTP, a VM resumed) moves it. The JDK's
 * {@link ProcessHandle.Info#startInstant()} is derived from the wall clock at the moment it is asked, so two JVMs
 * started on either side of a clock step compute different instants for one process; jipc never compares those.
 * One rule everywhere ({@link #isAlive()}): the pid names a running process that is not a zombie, and the low 32
 * bits of its start time equal the recorded ones (a 32-bit owner token keeps only those; 2^32 ticks are 497 days at
 * the usual 100 Hz, so a pid reused at exactly that distance is the one confusion left). Without {@code /proc}
 * (not Linux) the start time is 0, unknown, and only the pid is checked.
 * <p>
 * A time namespace ({@code unshare --time --boottime N}, a container restored by CRIU) shifts every start time its
 * processes read in {@code /proc} by its boot-time offset, so a process inside and one outside would read different
 * ticks for one process and each call the other dead. Start times are therefore kept as the initial time namespace
 * sees them: this process subtracts its namespace's boot-time offset ({@code /proc/self/timens_offsets}) from every
 * start it reads. Exact for offsets in whole clock ticks (10 ms; {@code unshare} takes whole seconds); an offset with
 * a fraction of a tick can leave a start one tick off, and a process in such a namespace may then be judged gone.
 *
 * @param pid        process id
 * @param startTicks kernel start time in clock ticks since boot, or 0 when unknown
 */
public record ProcessIdentity(long pid, long startTicks) {

    private static final long LOW_32 = 0xFFFF_FFFFL;
    private static final ProcessIdentity CURRENT = of(ProcessHandle.current().pid());

    /** @return this process */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /** @return the identity of a running process, read now (start 0 when it is gone or unknown) */
    public static ProcessIdentity of(ProcessHandle handle) {
        return of(handle.pid());
    }

    /** @return the identity of the process with this pid, read now (start 0 when it is gone or unknown) */
    public static ProcessIdentity of(long pid) {
        Stat stat = Stat.read(pid);
        return new ProcessIdentity(pid, stat == null ? 0 : stat.startTicks);
    }

    /**
     * @return the identity packed in one word, as lock and semaphore slots hold it: pid in the low 32 bits, the low
     *     32 bits of the start time in the high 32; never 0 or -1
     * @throws IllegalStateException for a pid that does not fit 32 bits
     */
    public long token() {
        if (pid <= 0 || pid > LOW_32) {
            throw new IllegalStateException("pid " + pid + " does not fit an owner token");
        }
        return (startTicks & LOW_32) << 32 | pid;
    }

    /** @return the identity a {@link #token()} packs (its start time is the low 32 bits of the original) */
    public static ProcessIdentity fromToken(long token) {
        return new ProcessIdentity(token & LOW_32, token >>> 32);
    }

    /**
     * Costs a look into /proc (tens of microseconds): callers rate-limit it.
     *
     * @return true while the process runs: its pid is in use, not by a zombie, and by a process that started when
     *     this identity says (compared on the low 32 bits); a recorded start of 0 checks the pid only
     */
    public boolean isAlive() {
        if (pid == CURRENT.pid) {
            return sameStart(CURRENT.startTicks);
        }
        Stat stat = Stat.read(pid);
        if (stat == null) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            return !Stat.procAvailable() && handle.isPresent() && handle.get().isAlive();
        }
        return !stat.zombie && sameStart(stat.startTicks);
    }

    private boolean sameStart(long actual) {
        return startTicks == 0 || actual == 0 || ((startTicks ^ actual) & LOW_32) == 0;
    }

    /**
     * A process that exited but was not yet reaped by its parent still has its pid, and {@link ProcessHandle}
     * calls it alive; Linux shows it in state Z (or X).
     *
     * @return true when {@code /proc/<pid>/stat} says the process is a zombie; false otherwise or without /proc
     */
    public static boolean isZombie(long pid) {
        Stat stat = Stat.read(pid);
        return stat != null && stat.zombie;
    }

    @Override
    public String toString() {
        return "process " + pid;
    }

    /**
     * Parsed by hand, not with a regular expression: every JVM reads this on its way to its first channel, and
     * compiling a pattern in a JVM that has just started cost it one to two milliseconds.
     *
     * @param text the file's content: lines of {@code <clock> <seconds> <nanoseconds>}
     * @return the boot-time offset in clock ticks, 0 when there is none or a line is malformed
     */
    static long bootOffsetTicks(String text) {
        for (String line : text.split("\n")) { // one character: String.split compiles no pattern for it
            StringTokenizer fields = new StringTokenizer(line); // splits at whitespace, without a pattern either
            if (fields.countTokens() != 3) {
                continue;
            }
            String clock = fields.nextToken();
            // the clock by name, or by its id (CLOCK_BOOTTIME = 7) as some kernels print it
            if (clock.equals("boottime") || clock.equals("7")) {
                try {
                    long nanos = Long.parseLong(fields.nextToken()) * 1_000_000_000L + Long.parseLong(fields.nextToken());
                    return Math.floorDiv(nanos, 1_000_000_000L / Stat.TICKS_PER_SECOND);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** The two fields of {@code /proc/<pid>/stat} jipc reads. */
    private record Stat(boolean zombie, long startTicks) {

        private static final boolean PROC = Files.isReadable(Paths.get("/proc/self/stat"));
        /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ: 100 on every Linux architecture jipc runs on). */
        private static final long TICKS_PER_SECOND = 100;
        private static final long BOOT_OFFSET_TICKS = bootOffsetTicks();

        static boolean procAvailable() {
            return PROC;
        }

        /** @return the process's state and start, or null when there is no such process (or no /proc) */
        static Stat read(long pid) {
            if (!PROC) {
                return null;
            }
            Path path = Paths.get("/proc", Long.toString(pid), "stat");
            String text;
            try {
                text = new String(Files.readAllBytes(path), StandardCharsets.US_ASCII);
            } catch (IOException | SecurityException e) {
                return null;
            }
            int paren = text.lastIndexOf(')');      // the command name may hold spaces and parentheses
            if (paren < 0 || paren + 2 >= text.length()) {
                return null;
            }
            String[] fields = text.substring(paren + 2).split(" ");
            // fields[0] is field 3 (state); field 22 (starttime) is fields[19]
            if (fields.length < 20) {
                return null;
            }
            char state = fields[0].isEmpty() ? '?' : fields[0].charAt(0);
            long start;
            try {
                start = Long.parseLong(fields[19]);
            } catch (NumberFormatException e) {
                start = 0;
            }
            return new Stat(state == 'Z' || state == 'X', start == 0 ? 0 : start - BOOT_OFFSET_TICKS);
        }

        /**
         * The kernel adds the reader's time-namespace boot-time offset to every start time in {@code /proc/<pid>/stat}
         * (timens_add_boottime_ns); {@code /proc/self/timens_offsets} shows it (for this process's children, which is
         * its own namespace unless it called unshare(CLONE_NEWTIME) itself, as a JVM does not).
         *
         * @return the offset in clock ticks, 0 in the initial time namespace or without time namespaces
         */
        static long bootOffsetTicks() {
            String text;
            try {
                text = new String(Files.readAllBytes(Paths.get("/proc/self/timens_offsets")), StandardCharsets.US_ASCII);
            } catch (IOException | SecurityException e) {
                return 0;
            }
            return ProcessIdentity.bootOffsetTicks(text);
        }
    }
}
