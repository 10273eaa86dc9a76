package io.jipc.pipe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python worker printed in {@code docs/PROTOCOL.md} section 4, read from the page itself so that the tests run
 * exactly what a reader copies.
 */
final class ProtocolWorkers {

    private ProtocolWorkers() {
    }

    /** @return true when {@code python3} runs here */
    static boolean pythonPresent() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Skips the calling test, saying why, when python3 is absent. */
    static void assumePython() {
        assumeTrue(pythonPresent(), "python3 is not installed here: the cross-language test cannot run");
    }

    /**
     * @param section the heading that precedes the program, e.g. {@code "## 4."}
     * @return the first {@code ```python} block after that heading in docs/PROTOCOL.md
     */
    static String fromProtocolPage(String section) throws IOException {
        Path page = Path.of("..", "docs", "PROTOCOL.md");
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int heading = text.indexOf("\n" + section);
        if (heading < 0) {
            throw new IllegalStateException(page.toAbsolutePath() + " has no heading " + section);
        }
        int start = text.indexOf("```python\n", heading);
        int end = text.indexOf("\n```", start + 10);
        if (start < 0 || end < 0) {
            throw new IllegalStateException(page.toAbsolutePath() + " has no python block after " + section);
        }
        return text.substring(start + "```python\n".length(), end + 1);
    }

    /** Writes the program of {@code section} into {@code dir} and returns its path. */
    static Path write(Path dir, String section) throws IOException {
        Path file = dir.resolve("worker.py");
        Files.writeString(file, fromProtocolPage(section), StandardCharsets.UTF_8);
        return file;
    }
}
