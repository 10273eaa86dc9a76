package io.jipc.shm.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** This process's pid namespace: processes in two namespaces cannot judge each other's pids. */
public final class PidNamespace {

    private PidNamespace() {
    }

    /** @return the inode of this process's pid namespace, or 0 when unknown (not Linux) */
    public static long current() {
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
