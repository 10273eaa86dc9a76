package io.jipc.shm;

import io.jipc.shm.file.MappedFile;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;

import io.jipc.internal.ProcessIdentity;
import io.jipc.internal.ProcessWatch;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.spi.Deadlines;
import io.jipc.PeerGoneException;

/**
 * The client's half of a connection: creates a channel file beside the server's, asks through the server's inbox,
 * and waits for the server to mark its side open. On any failure the channel file is removed.
 */
final class ShmConnector {

    private ShmConnector() {
    }

    /**
     * @throws PeerGoneException when nothing is bound at the address, or the server is gone or closed
     * @throws IpcTimeoutException when the server did not accept in time
     * @throws ShmFileException when the file at the address is not a jipc server's
     */
    static ShmChannel connect(ShmConfig config, Duration timeout) {
        long deadline = Deadlines.of(timeout);
        MappedFile server = openServer(config);
        try {
            UnsafeBuffer serverShared = server.buffer();
            ProcessWatch serverWatch = new ProcessWatch(FileHeader.creator(serverShared), "server");
            String gone = serverGone(serverShared, serverWatch);
            if (gone != null) {
                throw new PeerGoneException(config.endpoint(), gone);
            }
            int capacity = config.channelCapacity(serverShared.getInt(ServerDescriptor.CHANNEL_CAPACITY_OFFSET));
            NewChannel created = createChannelFile(config, serverShared, capacity);
            MappedFile channel = created.file();
            boolean connected = false;
            try {
                ShmChannel result = handshake(config, serverShared, serverWatch, created, deadline, timeout);
                connected = true;
                return result;
            } finally {
                if (!connected) {
                    channel.buffer().putIntVolatile(ChannelDescriptor.CLIENT_SIDE_OFFSET + ChannelDescriptor.SIDE_STATE_OFFSET,
                        ChannelDescriptor.STATE_CLOSED);
                    ChannelDescriptor.removeName(channel.buffer(), channel.path());
                    channel.unmapLater();
                }
            }
        } finally {
            server.unmap();
        }
    }

    private static MappedFile openServer(ShmConfig config) {
        try {
            return ShmFiles.openExisting(config.path(), FileHeader.Kind.SERVER);
        } catch (NoSuchFileException e) {
            throw new PeerGoneException(config.endpoint(), "nothing is bound there: " + config.path() + " does not exist");
        } catch (ShmFileException e) {
            throw e.at(config.endpoint());
        } catch (IOException e) {
            throw new ShmFileException(config.endpoint(), config.path(), "cannot be opened: " + e, e);
        }
    }

    private static String serverGone(UnsafeBuffer serverShared, ProcessWatch serverWatch) {
        if (serverShared.getIntVolatile(ServerDescriptor.STATE_OFFSET) == ServerDescriptor.STATE_CLOSED) {
            return "the server closed";
        }
        return serverWatch.goneReason();
    }

    /** A channel file just created, and its id. */
    private record NewChannel(MappedFile file, long id) {
    }

    private static NewChannel createChannelFile(ShmConfig config, UnsafeBuffer serverShared, int capacity) {
        Path serverPath = config.path();
        long length = ChannelDescriptor.fileLength(capacity);
        ProcessIdentity self = ProcessIdentity.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            long id = serverShared.getAndAddLong(ServerDescriptor.NEXT_ID_OFFSET, 1);
            Path path = serverPath.resolveSibling(ServerDescriptor.channelFileName(serverPath.getFileName().toString(), id));
            try {
                MappedFile file = ShmFiles.createExclusive(path, length, buffer -> {
                    FileHeader.write(buffer, FileHeader.Kind.CHANNEL, self, length);
                    buffer.putInt(ChannelDescriptor.CAPACITY_OFFSET, capacity);
                    int side = ChannelDescriptor.CLIENT_SIDE_OFFSET;
                    buffer.putLong(side + ChannelDescriptor.SIDE_PID_OFFSET, self.pid());
                    buffer.putLong(side + ChannelDescriptor.SIDE_START_OFFSET, self.startTicks());
                    buffer.putInt(ChannelDescriptor.CLIENT_ASKS_OFFSET, config.heartbeatAskMillis());
                    buffer.putLong(ChannelDescriptor.CLIENT_HEARTBEAT_OFFSET, System.nanoTime());
                    buffer.putInt(side + ChannelDescriptor.SIDE_STATE_OFFSET, ChannelDescriptor.STATE_OPEN);
                });
                if (file != null) {
                    return new NewChannel(file, id);
                }
            } catch (ShmFileException e) {
                throw e.at(config.endpoint());
            } catch (IOException e) {
                throw new ShmFileException(config.endpoint(), path, "cannot be created: " + e, e);
            }
        }
        throw new ShmFileException(config.endpoint(), serverPath, "has no free channel id after 1000 attempts", null);
    }

    private static ShmChannel handshake(ShmConfig config, UnsafeBuffer serverShared, ProcessWatch serverWatch,
        NewChannel created, long deadline, Duration timeout) {
        MappedFile channel = created.file();
        int inboxCapacity = serverShared.getInt(ServerDescriptor.INBOX_CAPACITY_OFFSET);
        ManyToOneRingBuffer inbox = new ManyToOneRingBuffer(new UnsafeBuffer(serverShared, ServerDescriptor.INBOX_OFFSET,
            ChannelDescriptor.ringLength(inboxCapacity)));
        ProcessIdentity self = ProcessIdentity.current();
        UnsafeBuffer request = new UnsafeBuffer(new byte[ServerDescriptor.CONNECT_LENGTH]);
        request.putLong(ServerDescriptor.CONNECT_ID_OFFSET, created.id());
        request.putLong(ServerDescriptor.CONNECT_PID_OFFSET, self.pid());
        request.putLong(ServerDescriptor.CONNECT_START_OFFSET, self.startTicks());
        IdleStrategy idle = config.newIdleStrategy();
        boolean sent = false;
        UnsafeBuffer shared = channel.buffer();
        int serverSide = ChannelDescriptor.SERVER_SIDE_OFFSET;
        while (true) {
            if (!sent) {
                sent = inbox.write(ServerDescriptor.CONNECT_MSG_TYPE, request, 0, ServerDescriptor.CONNECT_LENGTH);
            }
            if (sent && shared.getIntVolatile(serverSide + ChannelDescriptor.SIDE_STATE_OFFSET) != ChannelDescriptor.STATE_ABSENT) {
                ProcessIdentity acceptor = new ProcessIdentity(shared.getLong(serverSide + ChannelDescriptor.SIDE_PID_OFFSET),
                    shared.getLong(serverSide + ChannelDescriptor.SIDE_START_OFFSET));
                return new ShmChannel(config, config.endpoint(), channel, true, new ProcessWatch(acceptor, "server"),
                    config.newIdleStrategy(), config.newIdleStrategy(),
                    config.options().closeLinger());
            }
            String gone = serverGone(serverShared, serverWatch);
            if (gone != null) {
                throw new PeerGoneException(config.endpoint(), gone + " before accepting this client");
            }
            if (Thread.interrupted()) {
                throw IpcInterruptedException.interrupted(config.endpoint(), "the server to accept this client");
            }
            if (Deadlines.passed(deadline)) {
                throw new IpcTimeoutException(config.endpoint(), "the server did not accept within " + timeout
                    + (sent ? " (is it calling accept?)" : " (its inbox stayed full)"));
            }
            idle.idle();
        }
    }
}
