package io.jipc.cli.children;

import java.time.Duration;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;

/** Connects to the server named by its argument and echoes every message until the server goes. */
public final class Echo {
    private Echo() {
    }

    public static void main(String[] args) {
        try (Channel channel = Ipc.connect(args[0], Duration.ofSeconds(30))) {
            while (true) {
                channel.send(channel.receive(Duration.ofMinutes(5)));
            }
        } catch (PeerGoneException e) {
            // the test closed its side: done
        }
    }
}
