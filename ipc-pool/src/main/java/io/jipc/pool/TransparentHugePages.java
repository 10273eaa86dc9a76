package io.jipc.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Whether this kernel lets a JVM ask for transparent huge pages (mode {@code always} or {@code madvise}). */
final class TransparentHugePages {

    private static final Path MODE = Paths.get("/sys/kernel/mm/transparent_hugepage/enabled");

    private TransparentHugePages() {
    }

    /**
     * @return true when the kernel's mode is {@code [always]} or {@code [madvise]}; false when it is {@code [never]},
     *     the file is missing (not Linux) or unreadable, so that a JVM never warns about an option it cannot honour
     */
    static boolean offered() {
        return offered(MODE);
    }

    static boolean offered(Path mode) {
        try {
            String text = Files.readString(mode, StandardCharsets.US_ASCII);
            return text.contains("[always]") || text.contains("[madvise]");
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
