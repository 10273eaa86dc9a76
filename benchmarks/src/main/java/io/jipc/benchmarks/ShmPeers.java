package io.jipc.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * The two sides the shm benchmark measures, each with a responder JVM of its own, files in {@code dir}: a jipc shm
 * channel to a {@link ShmResponder}, and bare rings ({@link RawRings}) to a {@link RawRingResponder}. Same capacity,
 * same idle strategy. {@link #close()} stops both responders and removes the files.
 */
final class ShmPeers implements AutoCloseable {

    private final Path dir;
    private final File rawFile;
    private ChannelServer server;
    private JvmProcess jipcChild;
    private Channel channel;
    private RawRings rings;
    private JvmProcess rawChild;

    private ShmPeers(Path dir) {
        this.dir = dir;
        this.rawFile = dir.resolve("raw").toFile();
    }

    /** Starts both responders; on failure, what was started is closed again. */
    static ShmPeers start(Path dir, int capacity, String idle) throws IOException {
        Files.createDirectories(dir);
        ShmPeers peers = new ShmPeers(dir);
        try {
            peers.server = Ipc.bind("shm:" + dir.resolve("channel") + "?capacity=" + capacity);
            peers.jipcChild = JvmProcess.builder(ShmResponder.class)
                .args(peers.server.endpoint().toString(), idle).start();
            peers.channel = peers.server.accept(Duration.ofSeconds(30));
            peers.rings = RawRings.create(peers.rawFile, capacity);
            peers.rawChild = JvmProcess.builder(RawRingResponder.class)
                .args(peers.rawFile.getPath(), Integer.toString(capacity), idle).start();
            return peers;
        } catch (RuntimeException e) {
            peers.close();
            throw e;
        }
    }

    /** @return the channel to the jipc responder */
    Channel channel() {
        return channel;
    }

    /** @return the rings the raw responder serves */
    RawRings rings() {
        return rings;
    }

    /** @return the pids of the jipc and the raw responder, for the output */
    String pids() {
        return "jipc " + jipcChild.pid() + ", raw " + rawChild.pid();
    }

    /** Stops the raw responder, closes the channel (its responder leaves), reaps both, removes the files. */
    @Override
    public void close() throws IOException {
        try {
            if (rings != null) {
                rings.control.putLongVolatile(RawRings.STOP_OFFSET, 1);
            }
            closeAll(rawChild, rings, channel, jipcChild, server);
        } finally {
            Files.deleteIfExists(rawFile.toPath());
            Files.deleteIfExists(dir);
        }
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the shm benchmark's peers", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
