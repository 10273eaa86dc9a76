package io.jipc.shm;

import io.jipc.shm.file.MappedFile;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import io.jipc.AddressInUseException;
import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.EndpointException;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;
import io.jipc.internal.ProcessIdentity;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Files that are not what they should be, files left by the dead, files owned by the living, and parameters. */
@Timeout(60)
@SuppressWarnings("try") // resources held open only to be in the way
@ExtendWith(NoLeaks.class)
class ShmFileTest {

    private final TempShmDir dir = new TempShmDir();

    @AfterEach
    void cleanUp() {
        dir.close();
    }

    /** Writes a server file as bind would, then lets {@code damage} spoil it. */
    private Path serverFile(String name, Consumer<UnsafeBuffer> damage) throws IOException {
        Path path = dir.path(name);
        try (ChannelServer server = Ipc.bind(dir.uri(name + "?inbox=4k"))) {
            Files.copy(path, dir.path(name + ".copy"));
        }
        Files.move(dir.path(name + ".copy"), path);
        byte[] bytes = Files.readAllBytes(path);
        damage.accept(new UnsafeBuffer(bytes));
        Files.write(path, bytes);
        return path;
    }

    private static void assertRefused(Path path, String expected, Executable action) {
        ShmFileException e = assertThrows(ShmFileException.class, action);
        assertTrue(e.getMessage().contains(path.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
        assertEquals(path, e.path());
    }

    private void assertRefusedEverywhere(Path path, String expected) {
        String uri = "shm:" + path;
        assertRefused(path, expected, () -> Ipc.bind(uri).close());
        assertRefused(path, expected, () -> Ipc.connect(uri, Duration.ofSeconds(1)).close());
    }

    @Test
    void wrongMagicIsRefused() throws IOException {
        Path path = serverFile("magic", b -> b.putLong(0, 0x1234L));
        assertRefusedEverywhere(path, "expected magic 0x6d68732f6370696a");
        assertRefused(path, "expected magic", () -> SharedLong.open("shm:" + path).close());
    }

    @Test
    void wrongVersionIsRefused() throws IOException {
        Path path = serverFile("version", b -> b.putInt(FileHeader.VERSION_OFFSET, 99));
        assertRefusedEverywhere(path, "has layout version 99, expected version 3");
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        Path path = serverFile("truncated", b -> { });
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }
        assertRefusedEverywhere(path, "is truncated: 1000 bytes, while its header says");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(20);
        }
        assertRefusedEverywhere(path, "is truncated: 20 bytes");
        Files.write(path, new byte[0]);
        assertRefusedEverywhere(path, "is empty");
    }

    @Test
    void foreignFilesAreRefusedAndLeftAlone() throws IOException {
        Path path = dir.path("notes.txt");
        Files.createDirectories(path.getParent());
        Files.write(path, "Dear diary, today I wrote a long note to myself.".getBytes(StandardCharsets.US_ASCII));
        assertRefusedEverywhere(path, "is not a jipc shared-memory file");
        assertRefused(path, "first bytes \"Dear dia\"", () -> Ipc.bind("shm:" + path));
        assertTrue(Files.size(path) > 0, "the foreign file was left as it was");
    }

    @Test
    void aFileOfAnotherKindIsRefused() {
        try (SharedLong value = SharedLong.open(dir.uri("value"))) {
            assertRefusedEverywhere(dir.path("value"), "is a jipc shared-memory segment, expected a jipc channel server");
        }
        try (ChannelServer server = Ipc.bind(dir.uri("server"))) {
            assertRefused(dir.path("server"), "is a jipc channel server, expected a jipc shared-memory segment",
                () -> SharedLong.open(dir.uri("server")));
        }
    }

    @Test
    void aFileLeftByADeadServerIsReclaimed() {
        String uri = dir.uri("stale");
        JvmProcess binder = JvmProcess.builder(TestChildren.Binder.class).args(uri).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.path("stale")));
            AddressInUseException inUse = assertThrows(AddressInUseException.class, () -> Ipc.bind(uri));
            assertTrue(inUse.getMessage().contains("address in use"), inUse.getMessage());
            assertTrue(inUse.getMessage().contains("process " + binder.pid()), inUse.getMessage());
        } finally {
            binder.kill();
            assertTrue(binder.join(Duration.ofSeconds(10)));
            binder.close();
        }
        assertTrue(Files.exists(dir.path("stale")), "the killed server left its file");
        try (ChannelServer server = Ipc.bind(uri)) {
            assertEquals(uri, server.endpoint().toString());
        }
        assertEquals(List.of(), dir.files(), "closing removed the file");
    }

    @Test
    void filesAreOwnerOnlyAndNothingIsLeftBehind() throws IOException {
        try (ChannelServer server = Ipc.bind(dir.uri("private"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path("private"))));
            java.util.concurrent.CompletableFuture<Channel> connecting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Ipc.connect(server.endpoint().toString(), Duration.ofSeconds(5)));
            try (Channel accepted = server.accept(Duration.ofSeconds(5));
                 Channel client = connecting.join()) {
                client.send(new byte[] {1});
                assertEquals(1, accepted.receive(Duration.ofSeconds(5))[0]);
                List<String> open = dir.files();
                assertEquals(2, open.size(), "the server file and the open channel's file: " + open);
                assertTrue(open.get(1).startsWith("private.ch"), "the channel file keeps its name while open: " + open);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path(open.get(1)))));
            }
        }
        assertEquals(List.of(), dir.files());
        try (SharedLong value = SharedLong.open(dir.uri("sub/dir/value"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path("sub/dir/value"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path("sub"))));
        }
    }

    @Test
    void parametersAreValidated() {
        assertParameterRefused("capacity=3000", "must be a power of two");
        assertParameterRefused("capacity=0", "must be a power of two");
        assertParameterRefused("capacity=1g", "must be a power of two from 4k to 256m");
        assertParameterRefused("inbox=100", "must be a power of two");
        assertParameterRefused("idle=lazy", "is not one of backoff, yield, busy, sleep");
        assertParameterRefused("unblockTimeout=1ms", "out of range");
        assertParameterRefused("colour=blue", "unknown query parameter 'colour'");
        EndpointException e = assertThrows(EndpointException.class, () -> SharedLong.open(dir.uri("v?capacity=4k")));
        assertTrue(e.getMessage().contains("unknown query parameter"), e.getMessage());
    }

    private void assertParameterRefused(String query, String expected) {
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.bind(dir.uri("p?" + query)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(dir.uri("p")), "names the endpoint: " + e.getMessage());
    }

    @Test
    void aConnectThatTimesOutLeavesNothingBehind() {
        try (ChannelServer server = Ipc.bind(dir.uri("deaf"))) {
            io.jipc.IpcTimeoutException e = assertThrows(io.jipc.IpcTimeoutException.class,
                () -> Ipc.connect(server.endpoint().toString(), Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("did not accept within"), e.getMessage());
            assertEquals(List.of("deaf"), dir.files(), "the client removed its channel file");
            assertThrows(io.jipc.IpcTimeoutException.class, () -> server.accept(Duration.ofMillis(100)),
                "the request of a client that left is skipped");
        }
        assertEquals(List.of(), dir.files());
    }

    @Test
    void aChannelFileIsCheckedForItsRingCapacity() {
        Path path = dir.path("ch");
        int length = (int) ChannelDescriptor.fileLength(4096);
        UnsafeBuffer file = new UnsafeBuffer(new byte[length]);
        file.putInt(ChannelDescriptor.CAPACITY_OFFSET, 4096);
        assertEquals(4096, ChannelDescriptor.capacity(file, path));
        file.putInt(ChannelDescriptor.CAPACITY_OFFSET, 3000);
        assertRefused(path, "says its rings hold 3000 bytes, expected a power of two", () -> ChannelDescriptor.capacity(file, path));
        file.putInt(ChannelDescriptor.CAPACITY_OFFSET, Integer.MIN_VALUE);
        assertRefused(path, "expected a power of two", () -> ChannelDescriptor.capacity(file, path));
        file.putInt(ChannelDescriptor.CAPACITY_OFFSET, 8192);
        assertRefused(path, "is " + length + " bytes, expected " + ChannelDescriptor.fileLength(8192) + " bytes",
            () -> ChannelDescriptor.capacity(file, path));
        UnsafeBuffer header = new UnsafeBuffer(new byte[FileHeader.LENGTH]);
        assertRefused(path, "too short for a jipc channel", () -> ChannelDescriptor.capacity(header, path));
    }

    @Test
    void aClientFileWithABadRingCapacityIsRefusedAndTheServerCarriesOn() throws Exception {
        try (ChannelServer server = Ipc.bind(dir.uri("door"))) {
            long id = 1_000_000;
            Path bad = dir.path(ServerDescriptor.channelFileName("door", id));
            ProcessIdentity self = ProcessIdentity.current();
            long length = ChannelDescriptor.fileLength(4096);
            MappedFile file = ShmFiles.createExclusive(bad, length, b -> {
                FileHeader.write(b, FileHeader.Kind.CHANNEL, self, length);
                b.putInt(ChannelDescriptor.CAPACITY_OFFSET, 1 << 20); // rings far larger than the file
                b.putInt(ChannelDescriptor.CLIENT_SIDE_OFFSET + ChannelDescriptor.SIDE_STATE_OFFSET, ChannelDescriptor.STATE_OPEN);
            });
            file.unmap();
            askToConnect(dir.path("door"), id, self);
            assertThrows(io.jipc.IpcTimeoutException.class, () -> server.accept(Duration.ofMillis(300)),
                "the bad client is refused, not accepted and not thrown at the server");
            assertEquals(List.of("door"), dir.files(), "the refused channel file is removed");
            CompletableFuture<Channel> client = CompletableFuture.supplyAsync(() -> Ipc.connect(server.endpoint().toString(),
                Duration.ofSeconds(20)));
            try (Channel accepted = server.accept(Duration.ofSeconds(10));
                 Channel connected = client.get(10, TimeUnit.SECONDS)) {
                connected.send(new byte[] {5});
                assertEquals(5, accepted.receive(Duration.ofSeconds(5))[0]);
            }
        }
        assertEquals(List.of(), dir.files());
    }

    /** Puts a connection request for channel file {@code id} in a server's inbox, as a client would. */
    private static void askToConnect(Path serverPath, long id, ProcessIdentity client) throws IOException {
        MappedFile server = ShmFiles.openExisting(serverPath, FileHeader.Kind.SERVER);
        try {
            UnsafeBuffer shared = server.buffer();
            ManyToOneRingBuffer inbox = new ManyToOneRingBuffer(new UnsafeBuffer(shared, ServerDescriptor.INBOX_OFFSET,
                ChannelDescriptor.ringLength(shared.getInt(ServerDescriptor.INBOX_CAPACITY_OFFSET))));
            UnsafeBuffer request = new UnsafeBuffer(new byte[ServerDescriptor.CONNECT_LENGTH]);
            request.putLong(ServerDescriptor.CONNECT_ID_OFFSET, id);
            request.putLong(ServerDescriptor.CONNECT_PID_OFFSET, client.pid());
            request.putLong(ServerDescriptor.CONNECT_START_OFFSET, client.startTicks());
            assertTrue(inbox.write(ServerDescriptor.CONNECT_MSG_TYPE, request, 0, ServerDescriptor.CONNECT_LENGTH));
        } finally {
            server.unmap();
        }
    }

    @Test
    void connectingWhereNothingIsBoundFailsAtOnce() {
        io.jipc.PeerGoneException e = assertThrows(io.jipc.PeerGoneException.class,
            () -> Ipc.connect(dir.uri("nobody"), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("nothing is bound"), e.getMessage());
    }
}
