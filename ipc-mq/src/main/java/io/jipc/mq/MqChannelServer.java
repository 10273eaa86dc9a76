package io.jipc.mq;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import io.jipc.AddressInUseException;
import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;

/**
 * The master's side of an {@code mq:} directory: one bound server at a time (a kernel lock on
 * {@value ChannelRecords#SERVER_LOCK}, released if the master dies), reading {@link ChannelRecords#HELLO}s from the
 * replies queue and answering each with a {@link ChannelRecords#WELCOME} on the requests queue. It only sees hellos
 * written after it bound; a worker repeats its hello until welcomed, so a master that starts after its workers still
 * meets them. Thread-safe.
 */
final class MqChannelServer implements ChannelServer {

    private final Endpoint endpoint;
    private final SharedStores stores;
    private final FileChannel lockFile;
    private final ExcerptTailer hellos;
    private final RecordReader records;
    private final Set<Long> accepted = new HashSet<>();
    private final Duration linger;
    private final Supplier<IdleStrategy> idleStrategies;
    private final UnsafeBuffer welcome = new UnsafeBuffer(new byte[ChannelRecords.IDENTITY_LENGTH]);
    private boolean closed;

    private MqChannelServer(Endpoint endpoint, SharedStores stores, FileChannel lockFile, Duration linger,
        Supplier<IdleStrategy> idleStrategies) {
        this.endpoint = endpoint;
        this.stores = stores;
        this.lockFile = lockFile;
        this.linger = linger;
        this.idleStrategies = idleStrategies;
        this.hellos = stores.replies.tailer();
        hellos.singleThreadedCheckDisabled(true);
        hellos.toEnd();
        this.records = new RecordReader(endpoint, stores.replies.rollCycle());
        welcome.putLong(ChannelRecords.PID_OFFSET, Processes.selfPid());
        welcome.putLong(ChannelRecords.START_OFFSET, Processes.selfStart());
    }

    /**
     * @throws AddressInUseException when a live process has the directory bound
     */
    static MqChannelServer bind(Endpoint endpoint, Duration linger, Supplier<IdleStrategy> idleStrategies) {
        SharedStores stores = SharedStores.open(endpoint, true);
        FileChannel lockFile = null;
        try {
            lockFile = lock(endpoint, Path.of(endpoint.address()).resolve(ChannelRecords.SERVER_LOCK));
            return new MqChannelServer(endpoint, stores, lockFile, linger, idleStrategies);
        } catch (RuntimeException e) {
            stores.release();
            closeQuietly(lockFile);
            throw e;
        }
    }

    private static FileChannel lock(Endpoint endpoint, Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ByteBuffer owner = ByteBuffer.allocate(64);
                channel.read(owner, 0);
                String text = new String(owner.array(), 0, owner.position(), StandardCharsets.US_ASCII).trim();
                throw new AddressInUseException(endpoint, "already bound by " + (text.isEmpty() ? "another server" : text));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("process " + Processes.selfPid() + " (kernel start tick " + Processes.selfStart() + ")\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new QueueException(endpoint, "cannot lock " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Channel accept(Duration timeout) {
        long deadline = Deadlines.of(timeout);
        IdleStrategy idle = idleStrategies.get();
        while (true) {
            Channel channel = tryAccept();
            if (channel != null) {
                return channel;
            }
            if (Thread.interrupted()) {
                throw IpcInterruptedException.interrupted(endpoint, "a worker to connect");
            }
            if (Deadlines.passed(deadline)) {
                throw new IpcTimeoutException(endpoint, "no worker connected within " + timeout);
            }
            idle.idle();
        }
    }

    @Override
    public synchronized Channel tryAccept() {
        if (closed) {
            throw new ChannelClosedException(endpoint, "server closed");
        }
        while (true) {
            long index;
            long connection;
            long workerPid;
            long workerStart;
            try (DocumentContext dc = hellos.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                if (records.read(dc) != ChannelRecords.HELLO) {
                    continue;
                }
                QueueMessage hello = records.view();
                connection = records.connection();
                if (!accepted.add(connection)) {
                    continue;
                }
                index = dc.index();
                workerPid = hello.buffer().getLong(ChannelRecords.PID_OFFSET);
                workerStart = hello.buffer().getLong(ChannelRecords.START_OFFSET);
            }
            ExcerptTailer in = stores.replies.tailer();
            if (!in.moveToIndex(index)) {
                in.close();
                throw new QueueException(endpoint, "the hello at index 0x" + Long.toHexString(index) + " vanished");
            }
            stores.out().append(ChannelRecords.WELCOME, connection, welcome, 0, ChannelRecords.IDENTITY_LENGTH);
            stores.retain();
            return new MqChannel(endpoint, stores, in, connection, workerPid, workerStart, linger, idleStrategies.get(),
                idleStrategies.get());
        }
    }

    @Override
    public synchronized boolean isReady() {
        if (closed) {
            return true;
        }
        while (true) {
            try (DocumentContext dc = hellos.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                if (records.read(dc) == ChannelRecords.HELLO && !accepted.contains(records.connection())) {
                    dc.rollbackOnClose();
                    return true;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        hellos.close();
        closeQuietly(lockFile);
        stores.release();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing: the lock goes with the channel
            }
        }
    }

    /** @return the idle strategy supplier every blocking call of an {@code mq:} channel uses by default */
    static Supplier<IdleStrategy> defaultIdle() {
        return AbstractChannel::defaultIdleStrategy;
    }
}
