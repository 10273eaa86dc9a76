package io.jipc.shm.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

import io.jipc.internal.ProcessIdentity;

/**
 * Owner tokens: a process packed in one word ({@link ProcessIdentity#token()}: pid in the low 32 bits, the low 32
 * bits of its kernel start time in the high 32), so a pid reused by a later process is not mistaken for the holder
 * that died, and so a slot can be taken with one compare-and-set. Never 0 or -1. Liveness is
 * {@link ProcessIdentity#isAlive()}: one rule for holders, peers, servers and parents.
 */
final class Owners {

    private static final long CURRENT = ProcessIdentity.current().token();

    private Owners() {
    }

    /** @return this process's token */
    static long current() {
        return CURRENT;
    }

    /** @return the pid in a token */
    static long pid(long token) {
        return ProcessIdentity.fromToken(token).pid();
    }

    /** @return the token of a process */
    static long tokenOf(ProcessHandle process) {
        return ProcessIdentity.of(process).token();
    }

    /**
     * @return true unless the process is known to be gone: no such pid, a zombie, or a pid now used by a process
     *         that started at another time (this process's own pid with another start time included)
     */
    static boolean isAlive(long token) {
        return token == CURRENT || ProcessIdentity.fromToken(token).isAlive();
    }

    /** @return a description for messages, e.g. {@code pid 1234} */
    static String describe(long token) {
        return "pid " + pid(token);
    }

    /** @return the inode of this process's pid namespace, or 0 when unknown (not Linux) */
    static long pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Paths.get("/proc/self/ns/pid")).toString();
            int open = link.indexOf('[');
            int close = link.indexOf(']');
            if (open >= 0 && close > open) {
                return Long.parseLong(link.substring(open + 1, close));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
