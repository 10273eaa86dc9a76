package io.jipc.cli.children;

import java.time.Duration;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;

/** Connects to the server named by its argument, reads nothing for 300 ms, then reads everything until the end. */
public final class SlowReader {
    private SlowReader() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Channel channel = Ipc.connect(args[0], Duration.ofSeconds(30))) {
            Thread.sleep(300);
            while (true) {
                channel.receive(Duration.ofMinutes(5));
            }
        } catch (PeerGoneException e) {
            // the test closed its side: done
        }
    }
}
