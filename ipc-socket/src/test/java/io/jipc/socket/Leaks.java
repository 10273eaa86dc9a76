package io.jipc.socket;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** What a test must give back: the event loop threads and the file descriptors. */
final class Leaks {

    private Leaks() {
    }

    /**
     * @return how many TCP sockets, epoll and event descriptors this process holds: what the socket transport opens
     *     (not the jars, pipes and Unix sockets the JVM and child processes open lazily)
     */
    static int openFiles() {
        int count = 0;
        File[] fds = new File("/proc/self/fd").listFiles();
        for (File fd : fds == null ? new File[0] : fds) {
            try {
                String target = java.nio.file.Files.readSymbolicLink(fd.toPath()).toString();
                if (target.startsWith("anon_inode:") || target.startsWith("socket:") && socketInfo(target).startsWith(" tcp")) {
                    count++;
                }
            } catch (java.io.IOException e) {
                // closed meanwhile
            }
        }
        return count;
    }

    /** @return what the open file descriptors point to, counted by kind */
    static String describeFiles() {
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        File[] fds = new File("/proc/self/fd").listFiles();
        for (File fd : fds == null ? new File[0] : fds) {
            try {
                String target = java.nio.file.Files.readSymbolicLink(fd.toPath()).toString();
                kinds.merge(target.startsWith("socket:") ? target + socketInfo(target) : target.replaceAll("[0-9]+", "N"), 1,
                    Integer::sum);
            } catch (java.io.IOException e) {
                kinds.merge("?", 1, Integer::sum);
            }
        }
        return kinds.toString();
    }

    private static String socketInfo(String target) {
        String inode = target.replaceAll("[^0-9]", "");
        for (String table : new String[] {"tcp", "tcp6", "unix"}) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/net/" + table))) {
                    if (java.util.Arrays.asList(line.trim().split("\\s+")).contains(inode)) {
                        return " " + table + ": " + line.trim();
                    }
                }
            } catch (java.io.IOException e) {
                // not there
            }
        }
        return "";
    }

    /** @return the names of live socket event loop threads */
    static List<String> socketThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
            .filter(name -> name.startsWith("jipc-socket")).collect(Collectors.toList());
    }

    /** Waits until no socket thread lives and the open files are back to {@code baseline} (give or take a few). */
    static void awaitReleased(int baseline) {
        await("socket threads gone").atMost(Duration.ofSeconds(10)).until(() -> socketThreads().isEmpty());
        await("files back to " + baseline + ", " + openFiles() + " open: " + describeFiles())
            .atMost(Duration.ofSeconds(10)).until(() -> openFiles() <= baseline);
    }
}
