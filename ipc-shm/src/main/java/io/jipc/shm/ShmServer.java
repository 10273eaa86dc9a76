package io.jipc.shm;

import io.jipc.shm.file.MappedFile;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;

import io.jipc.internal.ProcessIdentity;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.AddressInUseException;
import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.spi.Deadlines;

/**
 * A bound {@code shm:} address: a file whose inbox ({@link ServerDescriptor}) takes connection requests from any
 * number of clients; each accepted client gets a channel of its own ({@link ShmChannel}).
 * <p>
 * Binding over a file whose creator is gone reclaims it; binding where a live process is bound fails with
 * {@link AddressInUseException}. While {@link #accept} waits it also watches the inbox: a request that a dying
 * client claimed but never finished is skipped after {@code ?unblockTimeout=} (Agrona's
 * {@code ManyToOneRingBuffer.unblock()}), so it cannot block the clients behind it. Closing removes the file.
 * Thread-safe.
 */
final class ShmServer implements ChannelServer {

    private static final Logger LOG = LoggerFactory.getLogger(ShmServer.class);

    private final ShmConfig config;
    private final MappedFile file;
    private final ManyToOneRingBuffer inbox;
    private final Object acceptLock = new Object();
    private final ConnectRequest request = new ConnectRequest();
    private volatile boolean closed;
    private long lastConsumerPosition = -1;
    private long blockedSinceNanos;

    private ShmServer(ShmConfig config, MappedFile file) {
        this.config = config;
        this.file = file;
        UnsafeBuffer shared = file.buffer();
        int inboxCapacity = shared.getInt(ServerDescriptor.INBOX_CAPACITY_OFFSET);
        this.inbox = new ManyToOneRingBuffer(new UnsafeBuffer(shared, ServerDescriptor.INBOX_OFFSET,
            ChannelDescriptor.ringLength(inboxCapacity)));
    }

    /**
     * Binds the address: creates its file, reclaiming one left by a dead process.
     *
     * @throws AddressInUseException when a live process is bound there
     * @throws ShmFileException when the file there is not a jipc server file, or cannot be created
     */
    static ShmServer bind(ShmConfig config) {
        Path path = config.path();
        int channelCapacity = config.channelCapacity(ShmConfig.DEFAULT_CAPACITY);
        long length = ServerDescriptor.fileLength(config.inboxCapacity());
        for (int attempt = 0; attempt < 10; attempt++) {
            MappedFile created;
            try {
                created = ShmFiles.createExclusive(path, length, buffer -> {
                    FileHeader.write(buffer, FileHeader.Kind.SERVER, ProcessIdentity.current(), length);
                    buffer.putInt(ServerDescriptor.CHANNEL_CAPACITY_OFFSET, channelCapacity);
                    buffer.putInt(ServerDescriptor.INBOX_CAPACITY_OFFSET, config.inboxCapacity());
                    buffer.putLong(ServerDescriptor.NEXT_ID_OFFSET, System.currentTimeMillis() % 1_000_000);
                    buffer.putInt(ServerDescriptor.STATE_OFFSET, ServerDescriptor.STATE_OPEN);
                });
            } catch (ShmFileException e) {
                throw e.at(config.endpoint());
            } catch (IOException e) {
                throw new ShmFileException(config.endpoint(), path, "cannot be created: " + e, e);
            }
            if (created != null) {
                removeStaleChannelFiles(path);
                LOG.debug("{}: bound at {}", config.endpoint(), path);
                return new ShmServer(config, created);
            }
            reclaimOrRefuse(config);
        }
        throw new AddressInUseException(config.endpoint(), path + " keeps being re-created by another process");
    }

    /** Deletes a server file whose creator is gone; throws when it is alive or the file is not a server's. */
    private static void reclaimOrRefuse(ShmConfig config) {
        Path path = config.path();
        try {
            Object key = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            long size = Files.size(path);
            UnsafeBuffer header = ShmFiles.readHeader(path);
            try {
                FileHeader.verify(header, (int) Math.min(size, FileHeader.LENGTH), size, path,
                    FileHeader.Kind.SERVER);
            } catch (ShmFileException e) {
                throw e.at(config.endpoint());
            }
            ProcessIdentity creator = FileHeader.creator(header);
            boolean closedState = header.getInt(ServerDescriptor.STATE_OFFSET) == ServerDescriptor.STATE_CLOSED;
            if (!closedState && creator.isAlive()) {
                throw new AddressInUseException(config.endpoint(), "address in use: " + path + " is bound by live "
                    + creator);
            }
            Object keyNow = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (key != null && key.equals(keyNow)) {
                LOG.info("{}: reclaiming {} left by {}, which is gone", config.endpoint(), path, creator);
                ShmFiles.delete(path);
            }
        } catch (NoSuchFileException e) {
            // gone meanwhile: try creating again
        } catch (IOException e) {
            throw new ShmFileException(config.endpoint(), path, "cannot be read: " + e, e);
        }
    }

    /**
     * Channel files keep their name while open and lose it when the first side closes: any left beside the server
     * file whose processes (the client, and the server side if it was accepted) are all gone were left by crashes.
     */
    private static void removeStaleChannelFiles(Path serverPath) {
        String prefix = ServerDescriptor.channelFilePrefix(serverPath.getFileName().toString());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(serverPath.getParent(), prefix + "*")) {
            for (Path candidate : files) {
                UnsafeBuffer header;
                try {
                    header = ShmFiles.readHeader(candidate, ChannelDescriptor.RINGS_OFFSET);
                    FileHeader.verify(header, FileHeader.LENGTH, Files.size(candidate), candidate, FileHeader.Kind.CHANNEL);
                } catch (ShmFileException | IOException notOurs) {
                    continue; // gone meanwhile, or not a channel file this process can judge: leave it alone
                }
                if (!ChannelDescriptor.anySideAlive(header)) {
                    ShmFiles.delete(candidate);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot scan for stale channel files beside {}: {}", serverPath, e.toString());
        }
        removeDeadClientsTemporaries(serverPath);
    }

    /** Removes what clients killed while creating their channel files left (a temporary each): nobody else would. */
    private static void removeDeadClientsTemporaries(Path serverPath) {
        Path absolute = serverPath.toAbsolutePath();
        ShmFiles.removeDeadCreatorsTemporariesStartingWith(absolute.getParent(),
            ServerDescriptor.channelFilePrefix(absolute.getFileName().toString()));
    }

    @Override
    public Endpoint endpoint() {
        return config.endpoint();
    }

    @Override
    public Channel accept(Duration timeout) {
        long deadline = Deadlines.of(timeout);
        IdleStrategy idle = config.newIdleStrategy();
        while (true) {
            Channel channel = tryAccept();
            if (channel != null) {
                return channel;
            }
            if (Thread.interrupted()) {
                throw IpcInterruptedException.interrupted(endpoint(), "a client to accept");
            }
            if (Deadlines.passed(deadline)) {
                throw new IpcTimeoutException(endpoint(), "no client connected within " + timeout);
            }
            idle.idle();
        }
    }

    /**
     * Takes the connection requests waiting in the inbox until one yields a channel; a request whose client already
     * left is dropped. Never waits for a client that has not asked.
     */
    @Override
    public Channel tryAccept() {
        synchronized (acceptLock) {
            while (true) {
                if (closed) {
                    throw new ChannelClosedException(endpoint(), "server is closed");
                }
                request.valid = false;
                if (inbox.read(request, 1) > 0) {
                    if (request.valid) {
                        Channel channel = ShmServerAccept.open(this, request.id, new ProcessIdentity(request.pid, request.start));
                        if (channel != null) {
                            return channel;
                        }
                    }
                    continue;
                }
                unblockIfStuck();
                return null;
            }
        }
    }

    @Override
    public boolean isReady() {
        if (closed) {
            return true;
        }
        long head = inbox.consumerPosition();
        if (inbox.producerPosition() == head) {
            return false;
        }
        // a request is claimed: ready once its writer committed it (Agrona writes the length last, positive)
        int index = (int) head & (inbox.capacity() - 1);
        return inbox.buffer().getIntVolatile(RecordDescriptor.lengthOffset(index)) > 0;
    }

    /** A record claimed but never committed blocks the inbox: after the timeout, skip it. */
    private void unblockIfStuck() {
        long consumer = inbox.consumerPosition();
        long now = System.nanoTime();
        if (inbox.producerPosition() == consumer || consumer != lastConsumerPosition) {
            lastConsumerPosition = consumer;
            blockedSinceNanos = now;
        } else if (now - blockedSinceNanos > config.unblockTimeout().toNanos()) {
            if (inbox.unblock()) {
                LOG.warn("{}: skipped a connection request that a client began and never finished (it died?)", endpoint());
            }
            blockedSinceNanos = now;
        }
    }

    ShmConfig config() {
        return config;
    }

    Path path() {
        return config.path();
    }

    /**
     * Stops accepting: marks the file closed, removes it and the files of clients still waiting (their connect
     * fails), and what clients killed while connecting left: their channel files and temporaries. Channels already
     * accepted stay open. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        file.buffer().putIntVolatile(ServerDescriptor.STATE_OFFSET, ServerDescriptor.STATE_CLOSED);
        ShmFiles.delete(config.path());
        synchronized (acceptLock) {
            request.valid = false;
            while (inbox.read(request, 1) > 0) {
                if (request.valid) {
                    ShmFiles.delete(ShmServerAccept.channelPath(this, request.id));
                }
                request.valid = false;
            }
        }
        removeStaleChannelFiles(config.path());
        file.unmapLater();
    }

    @Override
    public String toString() {
        return "ShmServer[" + config.endpoint() + "]";
    }

    /** Reads one connection request without allocating. */
    private static final class ConnectRequest implements org.agrona.concurrent.MessageHandler {
        boolean valid;
        long id;
        long pid;
        long start;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            valid = msgTypeId == ServerDescriptor.CONNECT_MSG_TYPE && length >= ServerDescriptor.CONNECT_LENGTH;
            if (valid) {
                id = buffer.getLong(index + ServerDescriptor.CONNECT_ID_OFFSET);
                pid = buffer.getLong(index + ServerDescriptor.CONNECT_PID_OFFSET);
                start = buffer.getLong(index + ServerDescriptor.CONNECT_START_OFFSET);
            }
        }
    }
}
