package io.jipc.pool;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.agrona.ExpandableArrayBuffer;

import io.jipc.Channel;
import io.jipc.process.JvmProcess;

/** The pool's view of one worker: its process and channel, the jobs it holds (in the order sent), the message being built. Dispatcher thread only. */
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

    final JvmProcess process;
    final Channel channel;
    final long pid;
    final long startNanos;
    final int maxMessage;
    final int frameLimit;
    final ArrayDeque<Job> held = new ArrayDeque<>();
    final Map<Integer, MapCall> known = new HashMap<>();
    final Set<Integer> knownShapes = new HashSet<>();
    final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(FRAME_BYTES + 4096);
    int frameLength;
    /** When the first held job, if it has a timeout, could start (nanoTime); for the backstop of its watchdog. */
    long headSince;
    int dispatched;
    State state = State.RUNNING;
    boolean timedOut;
    Answers answers;

    /**
     * @param startNanos how long it took from spawn to ready
     */
    WorkerSlot(JvmProcess process, Channel channel, long startNanos) {
        this.process = process;
        this.channel = channel;
        this.pid = process.pid();
        this.startNanos = startNanos;
        this.maxMessage = channel.maxMessageLength();
        this.frameLimit = Math.min(FRAME_BYTES, maxMessage);
    }

    /** @return true while the worker takes or finishes jobs: running or retiring */
    boolean isLive() {
        return state == State.RUNNING || state == State.RETIRING;
    }

    @Override
    public String toString() {
        return "worker " + pid;
    }
}
