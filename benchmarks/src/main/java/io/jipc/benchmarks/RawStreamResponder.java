package io.jipc.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.jipc.internal.Stdio;

/**
 * Child JVM of the raw floor: reads {@link RawFrames} from its real stdin, echoes pings (flushing each), counts data
 * and acknowledges the end of each burst, on its real stdout, until stdin ends.
 */
public final class RawStreamResponder {

    private RawStreamResponder() {
    }

    /** Serves until the parent closes stdin. */
    public static void main(String[] args) throws IOException {
        Stdio.Streams stdio = Stdio.claim();
        RawFrames frames = new RawFrames(stdio.in(), stdio.out());
        long count = 0;
        try {
            while (true) {
                byte kind = frames.read();
                if (kind == BenchMessages.DATA) {
                    count++;
                } else if (kind == BenchMessages.PING) {
                    frames.write(BenchMessages.PING, 0);
                    frames.flush();
                } else if (kind == BenchMessages.END) {
                    frames.write(BenchMessages.END, count);
                    frames.flush();
                    count = 0;
                } else {
                    throw new IOException("unknown benchmark message kind " + kind);
                }
            }
        } catch (EOFException e) {
            frames.close();
        }
    }
}
