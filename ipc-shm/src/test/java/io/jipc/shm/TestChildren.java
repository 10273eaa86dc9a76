package io.jipc.shm;

import io.jipc.shm.file.MappedFile;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.ChannelClosedException;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;

/** Programs the shm tests run in child JVMs. */
final class TestChildren {

    private TestChildren() {
    }

    /** Message written by {@link Streamer}: writer id, sequence number, and its complement as a check. */
    static final int STREAM_MESSAGE_LENGTH = 24;

    /** {@code <uri> <count> <writerId>}: sends {@code count} numbered messages (forever when count is 0), then closes. */
    public static final class Streamer {
        public static void main(String[] args) {
            long count = Long.parseLong(args[1]);
            long writer = Long.parseLong(args[2]);
            UnsafeBuffer message = new UnsafeBuffer(new byte[STREAM_MESSAGE_LENGTH]);
            try (Channel channel = Ipc.connect(args[0])) {
                for (long seq = 0; count == 0 || seq < count; seq++) {
                    message.putLong(0, writer);
                    message.putLong(8, seq);
                    message.putLong(16, ~seq);
                    channel.send(message, 0, STREAM_MESSAGE_LENGTH, Duration.ofSeconds(60));
                }
            }
        }
    }

    /** {@code <uri>}: echoes every message without copying it, until the peer leaves. */
    public static final class FastEcho {
        public static void main(String[] args) {
            try (Channel channel = Ipc.connect(args[0])) {
                while (true) {
                    try {
                        channel.receive((buffer, offset, length) -> channel.send(buffer, offset, length, Duration.ofSeconds(60)),
                            256, Duration.ofSeconds(60));
                    } catch (io.jipc.IpcTimeoutException e) {
                        continue;
                    } catch (PeerGoneException | ChannelClosedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** {@code <uri> <count>}: adds 1 to a shared long {@code count} times. */
    public static final class Counter {
        public static void main(String[] args) {
            int count = Integer.parseInt(args[1]);
            try (SharedLong counter = SharedLong.open(args[0])) {
                for (int i = 0; i < count; i++) {
                    counter.addAndGet(1);
                }
            }
        }
    }

    /** {@code <uri>}: binds a server and waits to be killed. */
    public static final class Binder {
        public static void main(String[] args) throws InterruptedException {
            try (ChannelServer server = Ipc.bind(args[0])) {
                System.err.println("bound " + server.endpoint());
                Thread.sleep(Duration.ofMinutes(2).toMillis());
            }
        }
    }

    /** {@code <server file>}: claims room in a server's inbox and dies before committing, like a crash mid-write. */
    public static final class HalfWriter {
        public static void main(String[] args) throws Exception {
            Path path = Paths.get(args[0]);
            MappedFile file = ShmFiles.openExisting(path, FileHeader.Kind.SERVER);
            UnsafeBuffer shared = file.buffer();
            int capacity = shared.getInt(ServerDescriptor.INBOX_CAPACITY_OFFSET);
            ManyToOneRingBuffer inbox = new ManyToOneRingBuffer(new UnsafeBuffer(shared, ServerDescriptor.INBOX_OFFSET,
                ChannelDescriptor.ringLength(capacity)));
            int index = inbox.tryClaim(ServerDescriptor.CONNECT_MSG_TYPE, ServerDescriptor.CONNECT_LENGTH);
            if (index < 0) {
                throw new IllegalStateException("could not claim: " + index);
            }
            Runtime.getRuntime().halt(3);
        }
    }
}
