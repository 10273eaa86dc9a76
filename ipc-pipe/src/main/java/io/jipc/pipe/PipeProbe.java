package io.jipc.pipe;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the unread bytes in a pipe we write to, so a small write can be made without any risk of blocking.
 * <p>
 * Linux lets a process open any pipe it can see under {@code /proc/<pid>/fd/} as a reader; {@code available()} on
 * such a reader is the pipe's unread byte count (FIONREAD). The probe never reads. While it is open, the pipe has a
 * reader besides the peer, so a write after the peer's death would block instead of failing: {@link #close()} it as
 * soon as the peer is known to be gone.
 */
final class PipeProbe implements AutoCloseable {


    private final FileInputStream reader;
    private volatile boolean closed;

    private PipeProbe(FileInputStream reader) {
        this.reader = reader;
    }

    /**
     * @param fdLink e.g. {@code /proc/self/fd/1} (a child's stdout) or {@code /proc/<child pid>/fd/0} (its stdin)
     * @return a probe, or null where the link cannot be opened as a pipe (no /proc, not a pipe, not permitted)
     */
    static PipeProbe open(Path fdLink) {
        try {
            String target = Files.readSymbolicLink(fdLink).toString();
            if (!target.startsWith("pipe:")) {
                return null;
            }
            return new PipeProbe(new FileInputStream(fdLink.toFile()));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Log.LOG.debug("no pipe probe at {}: {}", fdLink, e.toString());
            return null;
        }
    }

    /** @return the unread bytes in the pipe, or -1 when the probe is closed or fails */
    int unread() {
        if (closed) {
            return -1;
        }
        try {
            return reader.available();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.close();
        } catch (IOException e) {
            Log.LOG.debug("closing pipe probe: {}", e.toString());
        }
    }

    /** The logger, made on first use: starting SLF4J costs a child JVM tens of milliseconds on its way to ready. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(PipeProbe.class);
    }
}
