package io.jipc.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.agrona.ExpandableArrayBuffer;

import io.jipc.Channel;
import io.jipc.process.JvmProcess;

/**
 * The pool's view of one worker: its channel, its process when the pool started it (a worker that joined by hand
 * has none: the pool can only close its channel, and never restarts it), the jobs it holds (in the order sent), the
 * message being built. Dispatcher thread only.
 */
final class WorkerSlot {

    /** Life of a worker in the pool. */
    enum State {
        /** Takes jobs. */
        RUNNING,
        /** Reached its task limit: finishes what it holds, then is closed. */
        RETIRING,
        /** Its channel broke: waiting for its exit code to settle the jobs it held. */
        DEAD,
        /** Out of the pool. */
        CLOSED
    }

    /** Messages to a worker are cut at about this size. */
    static final int FRAME_BYTES = 60 * 1024;

    /** The worker's JVM, or null for a worker that joined by hand. */
    final JvmProcess process;
    final Channel channel;
    /** The pid its channel vouches for, else the one it announced; -1 when unknown. */
    final long pid;
    final long startNanos;
    final int maxMessage;
    final int frameLimit;
    final ArrayDeque<Job> held = new ArrayDeque<>();
    /** The tasks the held jobs count for ({@link Job#tasks()}): what the worker's {@link Window} bounds. */
    int heldTasks;
    final Map<Integer, MapCall> known = new HashMap<>();
    final Set<Integer> knownShapes = new HashSet<>();
    final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(FRAME_BYTES + 4096);
    private final String name;
    int frameLength;
    /** When the first held job, if it has a timeout, could start (nanoTime); for the backstop of its watchdog. */
    long headSince;
    /** When its channel broke (nanoTime). */
    long lostNanos;
    int dispatched;
    State state = State.RUNNING;
    boolean timedOut;
    /** Its channel said it lived but had stopped responding: the pool killed it. */
    boolean unresponsive;
    Answers answers;
    /** Tells that its process began to die before the exit is reported; null for a joined worker. */
    ExitProbe exitProbe;

    private WorkerSlot(JvmProcess process, Channel channel, long pid, String name, long startNanos) {
        this.process = process;
        this.channel = channel;
        this.pid = pid;
        this.name = name;
        this.startNanos = startNanos;
        this.maxMessage = channel.maxMessageLength();
        this.frameLimit = Math.min(FRAME_BYTES, maxMessage);
    }

    /**
     * A worker the pool started.
     *
     * @param startNanos how long it took from spawn to ready
     */
    static WorkerSlot started(JvmProcess process, Channel channel, long startNanos) {
        return new WorkerSlot(process, channel, process.pid(), "worker " + process.pid(), startNanos);
    }

    /** A worker started by hand that joined the pool on its transport. */
    static WorkerSlot joined(Channel channel, Hello hello) {
        boolean vouched = channel.peer().pid().isPresent();
        long pid = vouched ? channel.peer().pid().getAsLong() : hello.claimedPid();
        String name = "hand-started worker " + pid + (vouched ? "" : " (pid as it says; " + channel.peer() + ")");
        return new WorkerSlot(null, channel, pid, name, 0);
    }

    /** @return true for a worker started by hand: the pool neither restarts nor kills it */
    boolean joined() {
        return process == null;
    }

    /** @return true while the worker takes or finishes jobs: running or retiring */
    boolean isLive() {
        return state == State.RUNNING || state == State.RETIRING;
    }

    /** Kills the worker's JVM; for a joined worker, closes its channel: the pool can do no more. */
    void kill() {
        if (process != null) {
            process.kill();
        } else {
            channel.close(Duration.ZERO);
        }
    }

    /** Asks the worker's JVM to stop (SIGTERM, then SIGKILL); for a joined worker, closes its channel. */
    void terminate() {
        if (process != null) {
            process.terminate();
        } else {
            channel.close(Duration.ZERO);
        }
    }

    /** @return completes when the worker's JVM exited; at once for a joined worker, whose exit the pool cannot see */
    CompletableFuture<?> onExit() {
        return process != null ? process.onExit() : CompletableFuture.completedFuture(null);
    }

    /** @return its exit code; -1 while it runs, or for a joined worker */
    int exitCode() {
        return process != null ? process.exitCode().orElse(-1) : -1;
    }

    @Override
    public String toString() {
        return name;
    }
}
