package io.jipc.pipe.children;

import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;

/** Sends numbered 1 KiB messages as fast as the parent takes them, until killed. */
public final class Streamer {
    private Streamer() {
    }

    public static void main(String[] args) {
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            UnsafeBuffer message = new UnsafeBuffer(new byte[1024]);
            for (long i = 0; ; i++) {
                message.putLong(0, i);
                parent.send(message, 0, 1024, Duration.ofSeconds(60));
            }
        }
    }
}
