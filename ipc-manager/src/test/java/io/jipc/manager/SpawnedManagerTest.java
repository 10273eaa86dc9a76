package io.jipc.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.Endpoint;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.codec.CodecException;
import io.jipc.manager.children.Account;
import io.jipc.manager.children.SimpleAccount;
import io.jipc.manager.children.Taker;
import io.jipc.process.JvmProcess;
import io.jipc.shm.ShmPaths;
import io.jipc.testkit.NoLeaks;

/**
 * A manager in a JVM of its own: what crosses and what is refused by name, clients that misbehave, and the manager
 * killed with -9 under clients that are calling and waiting.
 */
@ExtendWith(NoLeaks.class)
class SpawnedManagerTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private Manager spawn() {
        String endpoint = TestEndpoints.shm("spawned");
        Path serverFile = ShmPaths.resolve(Endpoint.parse(endpoint));
        toClose.add(() -> Files.deleteIfExists(serverFile)); // last: a manager killed with -9 leaves its server's file
        Manager manager = Manager.builder().endpoint(endpoint)
            .register(Account.class, SimpleAccount.class)
            .spawn();
        toClose.add(manager);
        return manager;
    }

    record Secret(String text) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void valuesCrossAndWhatCannotIsRefusedByName() {
        Manager manager = spawn();
        assertTrue(manager.pid() != ProcessHandle.current().pid());
        Account account = manager.proxy("acct", Account.class);
        account.transfer(5, 0);
        assertArrayEquals(new long[] {995, 5}, account.balances());

        CodecException unencodable = assertThrows(CodecException.class, account::unencodable);
        assertTrue(unencodable.getMessage().contains("the result of unencodable on Account 'acct' cannot be encoded")
            && unencodable.getMessage().contains("java.lang.Object"), unencodable.getMessage());

        SharedMap<String, Object> map = manager.map("m");
        CodecException offList = assertThrows(CodecException.class, () -> map.put("k", new Secret("s")));
        assertTrue(offList.getMessage().contains("argument 2 of put on map 'm'")
            && offList.getMessage().contains(Secret.class.getName()) && offList.getMessage().contains("allow-list"),
            offList.getMessage());
        assertEquals(0, map.size(), "nothing was put, and the connection still works");

        ManagerException unregistered = assertThrows(ManagerException.class, () -> manager.proxy("r", Runnable.class));
        assertTrue(unregistered.getMessage().contains("serves no java.lang.Runnable"), unregistered.getMessage());
        ManagerException kind = assertThrows(ManagerException.class, () -> manager.list("m"));
        assertTrue(kind.getMessage().contains("'m' is a map, not a list"), kind.getMessage());

        CodecException answer = assertThrows(CodecException.class, () -> account.bytes(65 << 20));
        assertTrue(answer.getMessage().contains("the result of bytes on Account 'acct'")
            && answer.getMessage().contains("64 MiB"), answer.getMessage());
        CodecException value = assertThrows(CodecException.class, () -> map.put("c", new byte[65 << 20]));
        assertTrue(value.getMessage().contains("put on map 'm'") && value.getMessage().contains("64 MiB"),
            value.getMessage());
        assertEquals(0, map.size(), "nothing was put, and this client still reaches the manager");
        assertEquals(3, account.bytes(3).length);
    }

    @Test
    void aClientThatSpeaksGarbageIsClosedAndOthersAreServed() {
        Manager manager = spawn();
        manager.map("m").put("k", 1L);
        try (RawClient garbage = new RawClient(manager.endpoint())) {
            garbage.channel.send("GET / HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThrows(PeerGoneException.class, () -> garbage.channel.receive(Duration.ofSeconds(20)),
                "the manager closes a channel whose first message is not a HELLO");
        }
        try (RawClient old = new RawClient(manager.endpoint())) {
            assertEquals(ManagerProtocol.VERSION, old.hello(ManagerProtocol.VERSION + 1), "it says its own version");
            assertThrows(PeerGoneException.class, () -> old.channel.receive(Duration.ofSeconds(20)));
        }
        try (RawClient truncated = new RawClient(manager.endpoint())) {
            truncated.hello(ManagerProtocol.VERSION);
            truncated.connection.call(Op.GET, 0, 0);
            truncated.connection.putInt(ManagerProtocol.CALL_HEADER, 1_000);  // an argument claiming 1,000 bytes
            truncated.connection.skipTo(ManagerProtocol.CALL_HEADER + 6);
            truncated.connection.send(Duration.ofSeconds(5));
            assertEquals(ManagerProtocol.PROTOCOL, truncated.connection.receive(Duration.ofSeconds(20)));
            assertTrue(truncated.connection.text().contains("claims 1000 bytes"), truncated.connection.text());
            assertThrows(PeerGoneException.class, () -> truncated.channel.receive(Duration.ofSeconds(20)));
        }
        try (RawClient badFrame = new RawClient(manager.endpoint())) {
            badFrame.channel.send(new byte[] {9, 1, 2, 3});
            assertThrows(PeerGoneException.class, () -> badFrame.channel.receive(Duration.ofSeconds(20)));
        }
        try (RawClient endless = new RawClient(manager.endpoint())) {
            endless.hello(ManagerProtocol.VERSION);
            byte[] part = new byte[endless.channel.maxMessageLength()];
            part[0] = ManagerProtocol.MORE;
            assertThrows(PeerGoneException.class, () -> {
                for (long sent = 0; sent <= ManagerProtocol.MAX_MESSAGE + part.length; sent += part.length - 1) {
                    endless.channel.send(part, Duration.ofSeconds(20));  // a message that never ends
                }
                endless.channel.receive(Duration.ofSeconds(20));
            }, "the manager stops reading a message past its limit");
        }
        assertEquals(1L, manager.map("m").get("k"), "the manager still serves");
    }

    @Test
    void theManagerKilledWithMinus9FailsEveryCallAtOnceAndWakesWaitingTakers() {
        Manager manager = spawn();
        SharedMap<String, Long> map = manager.map("m");
        map.put("k", 1L);
        SharedQueue<String> queue = manager.queue("work");
        JvmProcess taker = JvmProcess.builder(Taker.class).args(manager.endpoint().toString(), "work").start();
        toClose.add(taker);
        await().atMost(Duration.ofMinutes(1)).until(() -> manager.namespace("takers").contains(Long.toString(taker.pid())));
        ProcessHandle managerProcess = ProcessHandle.of(manager.pid()).orElseThrow();
        managerProcess.destroyForcibly();
        PeerGoneException gone = assertTimeoutPreemptively(Duration.ofSeconds(5),
            () -> assertThrows(PeerGoneException.class, () -> map.get("k")));
        assertTrue(gone.getMessage().contains("the manager is gone"), gone.getMessage());
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            PeerGoneException again = assertThrows(PeerGoneException.class, () -> queue.offer("x"));
            assertTrue(again.getMessage().contains("the manager is gone"), again.getMessage());
        });
        assertTrue(taker.join(Duration.ofSeconds(10)), "the taker waiting in take() was woken");
        assertEquals(Taker.GONE, taker.exitCode().orElse(-1));
    }
}
