package io.jipc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The parent side of the raw floor over a byte-stream pair (a child's stdin and stdout): flushes every ping, and
 * writes a burst without flushing until its end. The peer runs {@link RawStreamResponder}. One thread.
 */
final class RawStreamDriver implements RoundTrip, Burst {

    private final RawFrames frames;

    RawStreamDriver(InputStream in, OutputStream out) {
        this.frames = new RawFrames(in, out);
    }

    @Override
    public void roundTrip() throws IOException {
        frames.write(BenchMessages.PING, 0);
        frames.flush();
        frames.read();
    }

    @Override
    public void send(long messages) throws IOException {
        for (long i = 0; i < messages; i++) {
            frames.write(BenchMessages.DATA, 0);
        }
        frames.write(BenchMessages.END, 0);
        frames.flush();
        if (frames.read() != BenchMessages.END || frames.count() != messages) {
            throw new IllegalStateException("raw peer counted " + frames.count() + " of " + messages + " messages");
        }
    }

    /** Closes the stream to the peer: it sees end-of-stream and exits. */
    void close() throws IOException {
        frames.close();
    }
}
