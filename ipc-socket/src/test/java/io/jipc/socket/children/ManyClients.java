package io.jipc.socket.children;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;

/**
 * Opens {@code args[1]} channels to {@code args[0]} at once, sends {@code args[2]} numbered messages on each, checks
 * every echo in order, then closes them all. Exits 0 when all came back.
 */
public final class ManyClients {

    private ManyClients() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        List<Channel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                channels.add(Ipc.connect(args[0], Duration.ofSeconds(60)));
            }
            UnsafeBuffer out = new UnsafeBuffer(new byte[8]);
            long[] expected = new long[count];
            for (int m = 0; m < messages; m++) {
                for (int c = 0; c < count; c++) {
                    out.putLong(0, (long) c << 32 | m);
                    channels.get(c).send(out, 0, 8, Duration.ofSeconds(60));
                }
                for (int c = 0; c < count; c++) {
                    int channel = c;
                    channels.get(c).receive((buffer, offset, length) -> {
                        long value = buffer.getLong(offset);
                        if (length != 8 || value != ((long) channel << 32 | expected[channel])) {
                            throw new IllegalStateException("channel " + channel + ": unexpected echo " + value);
                        }
                        expected[channel]++;
                    }, 1, Duration.ofSeconds(60));
                }
            }
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
        }
    }
}
