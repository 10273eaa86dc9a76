package io.jipc.pool;

/**
 * A worker the pool started was killed from outside (SIGKILL or SIGTERM) before it was ready: not a fault of the
 * pool's settings, so {@link PoolStart} starts another in its place instead of failing the build.
 */
final class KilledWhileStartingException extends WorkerStartException {
    private static final long serialVersionUID = 1L;

    /** Exit codes of a JVM that a signal ended: 128 + SIGKILL, 128 + SIGTERM. */
    static final int KILLED = 137;
    static final int TERMINATED = 143;

    KilledWhileStartingException(long pid, int exitCode, Throwable cause) {
        super("worker " + pid + " was killed (exit code " + exitCode + ") before it was ready: "
            + (cause instanceof WorkerStartException ? cause.getMessage() : cause.toString()), cause);
    }

    /** @return true for the exit code of a process a signal from outside ended */
    static boolean killedBySignal(int exitCode) {
        return exitCode == KILLED || exitCode == TERMINATED;
    }
}
