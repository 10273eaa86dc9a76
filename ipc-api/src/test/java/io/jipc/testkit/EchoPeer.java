package io.jipc.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.Ipc;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;

/**
 * A peer for the contract suite, run in a child JVM: connects to {@code args[0]} and echoes every message, except
 * the commands {@code jipc-test:stall:<ms>} (stop reading for a while), {@code jipc-test:quiet} (read on, echo
 * nothing more), {@code jipc-test:close} (close the channel and exit) and {@code jipc-test:exit:<code>} (exit
 * without closing).
 */
public final class EchoPeer {

    /** Prefix of the commands. */
    public static final String COMMAND = "jipc-test:";

    private EchoPeer() {
    }

    /** @param args the endpoint to connect to */
    public static void main(String[] args) throws InterruptedException {
        boolean quiet = false;
        try (Channel channel = Ipc.connect(args[0], Duration.ofSeconds(30))) {
            while (true) {
                byte[] message;
                try {
                    message = channel.receive(Duration.ofSeconds(60));
                } catch (IpcTimeoutException e) {
                    continue;
                } catch (PeerGoneException | ChannelClosedException e) {
                    return;
                }
                if (message.length > COMMAND.length() && message.length < 64 && isCommand(message)) {
                    String[] parts = new String(message, StandardCharsets.US_ASCII).split(":");
                    switch (parts[1]) {
                        case "stall" -> Thread.sleep(Long.parseLong(parts[2]));
                        case "quiet" -> quiet = true;
                        case "close" -> {
                            return; // try-with-resources closes the channel: the parent sees end-of-stream
                        }
                        case "exit" -> Runtime.getRuntime().halt(Integer.parseInt(parts[2]));
                        default -> throw new IllegalArgumentException("unknown command " + parts[1]);
                    }
                    continue;
                }
                if (quiet) {
                    continue;
                }
                try {
                    channel.send(message, Duration.ofSeconds(60));
                } catch (PeerGoneException | ChannelClosedException e) {
                    return;
                }
            }
        }
    }

    private static boolean isCommand(byte[] message) {
        for (int i = 0; i < COMMAND.length(); i++) {
            if (message[i] != COMMAND.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return the bytes of a command, e.g. {@code command("stall:1000")} */
    public static byte[] command(String text) {
        return (COMMAND + text).getBytes(StandardCharsets.US_ASCII);
    }
}
