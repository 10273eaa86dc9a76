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

    /** @return how many file descriptors this process holds */
    static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** @return the names of live socket event loop threads */
    static List<String> socketThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
            .filter(name -> name.startsWith("jipc-socket")).collect(Collectors.toList());
    }

    /** Waits until no socket thread lives and the open files are back to {@code baseline} (give or take a few). */
    static void awaitReleased(int baseline) {
        await().atMost(Duration.ofSeconds(10)).until(() -> socketThreads().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> openFiles() <= baseline + 2);
    }
}
