package io.jipc.pool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Tells, from the kernel's view of a child process ({@code /proc/<pid>/stat}, one {@code pread} of a file kept
 * open), that the child has begun to die, before its death can be seen any other way.
 * <p>
 * A process killed with -9 is torn down by the kernel before anything else learns of it: its memory is freed first
 * (5 to 15 ms for a JVM worker on this project's VMs, more for a larger heap), and only then are its pipes closed and
 * its exit reported to the parent. But {@code kill} itself marks SIGKILL pending in every thread at once, and a thread
 * that begins to exit sets {@code PF_EXITING} in its flags: both show in the stat file of the process's first thread
 * within microseconds. A JVM's first thread (the launcher's) exits only with the whole process, so either mark, or a
 * first thread already dead ({@code Z}, {@code X}), means the process is going.
 * <p>
 * One read costs a few microseconds. A probe that cannot open the file (not Linux, no {@code /proc}) never reports
 * anything: the caller learns of the death when it is reported, as without it. Not thread-safe: one caller thread.
 */
final class ExitProbe implements AutoCloseable {

    /** {@code PF_EXITING} in a task's flags (include/linux/sched.h): set as it enters {@code do_exit}. */
    private static final long PF_EXITING = 0x4;
    /** SIGKILL (9) in a pending-signals mask. */
    private static final long SIGKILL_PENDING = 1L << (9 - 1);
    /** stat fields after the command, counted from the state (field 3): ppid is field 4, flags 9, signal 31. */
    private static final int PPID_FIELD = 4 - 3;
    private static final int FLAGS_FIELD = 9 - 3;
    private static final int SIGNAL_FIELD = 31 - 3;

    private final FileChannel stat;
    private final ByteBuffer buffer;
    private boolean gone;

    private ExitProbe(FileChannel stat) {
        this.stat = stat;
        this.buffer = stat == null ? null : ByteBuffer.allocate(1024);
    }

    /**
     * @return a probe of the live child {@code pid} of this process; one that never reports anything when its stat file
     *     does not name this process as the parent (a {@code /proc} of another pid namespace, or a pid that is not
     *     the child's), so that it can never take another process's death for the child's
     */
    static ExitProbe of(long pid) {
        return of(Paths.get("/proc", Long.toString(pid), "stat"), ProcessHandle.current().pid());
    }

    static ExitProbe of(Path statFile, long parent) {
        FileChannel stat = null;
        try {
            stat = FileChannel.open(statFile, StandardOpenOption.READ);
            ByteBuffer first = ByteBuffer.allocate(1024);
            stat.read(first, 0);
            if (field(first.array(), first.position(), PPID_FIELD) == parent) {
                return new ExitProbe(stat);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no /proc, or the child already gone: its exit is reported the usual way
        }
        if (stat != null) {
            try {
                stat.close();
            } catch (IOException e) {
                // a read-only file: nothing was lost
            }
        }
        return new ExitProbe(null);
    }

    /** @return the value of a numeric field (counted from the state, 0) of a stat line, or -1 when it has none */
    static long field(byte[] line, int length, int wanted) {
        int at = statesAt(line, length);
        if (at < 0) {
            return -1;
        }
        int field = 0;
        long value = 0;
        boolean digits = false;
        for (int i = at; i <= length; i++) {
            byte b = i < length ? line[i] : (byte) ' ';
            if (b == ' ' || b == '\n') {
                if (field == wanted) {
                    return digits ? value : -1;
                }
                field++;
                value = 0;
                digits = false;
            } else if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits = true;
            }
        }
        return -1;
    }

    /** @return where the state (field 3) of a stat line is, after the command, or -1 when it is not a stat line */
    private static int statesAt(byte[] line, int length) {
        int at = length - 1;
        while (at >= 0 && line[at] != ')') { // the command may hold spaces and parentheses: the last ')' ends it
            at--;
        }
        return at < 0 || at + 2 >= length ? -1 : at + 2;
    }

    /**
     * @return true once the process has been sent SIGKILL, has begun to exit, or is dead; false while it runs, and
     *     always false for a probe that could not open the file
     */
    boolean exiting() {
        if (stat == null || gone) {
            return gone;
        }
        buffer.clear();
        try {
            stat.read(buffer, 0);
        } catch (ClosedChannelException e) {
            return false; // an interrupt closed the file under the read: say nothing, the exit is reported as usual
        } catch (IOException e) {
            return gone = true; // ESRCH: the process was reaped (the open file pins its pid, so it is not another's)
        }
        return gone = exiting(buffer.array(), buffer.position());
    }

    /** @return whether a stat line ({@code pid (comm) state ppid ...}) says the task has begun to die */
    static boolean exiting(byte[] line, int length) {
        int at = statesAt(line, length);
        if (at < 0) {
            return false; // not a stat line: say nothing
        }
        char state = (char) line[at];
        if (state == 'Z' || state == 'X' || state == 'x') {
            return true;
        }
        long flags = field(line, length, FLAGS_FIELD);
        long signal = field(line, length, SIGNAL_FIELD);
        return flags > 0 && (flags & PF_EXITING) != 0 || signal > 0 && (signal & SIGKILL_PENDING) != 0;
    }

    @Override
    public void close() {
        if (stat != null) {
            try {
                stat.close();
            } catch (IOException e) {
                // a read-only file: nothing was lost
            }
        }
    }
}
