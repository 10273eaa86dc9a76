package io.jipc.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jipc.HandshakeException;
import io.jipc.IpcOptions;
import io.jipc.PeerGoneException;
import io.jipc.manager.children.Account;
import io.jipc.manager.children.Sharer;
import io.jipc.manager.children.SimpleAccount;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.NoLeaks;

/**
 * A manager in its own JVM on {@code unix:} and on {@code tcp:} with a key (the key reaches the manager and the
 * worker JVMs through their environment): every kind from two processes at once, the manager killed with -9, and a
 * client without the key refused.
 */
@ExtendWith(NoLeaks.class)
class ManagerSocketTest {

    private static final byte[] KEY = "the manager test's key".getBytes(StandardCharsets.UTF_8);

    private Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("jipc-mgr");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        Files.deleteIfExists(dir.resolve("m.sock"));
        Files.deleteIfExists(dir);
    }

    private Manager spawn(String transport) {
        ManagerBuilder builder = Manager.builder().allow("io.jipc.manager.children.*")
            .register(Account.class, SimpleAccount.class);
        if (transport.equals("unix")) {
            builder.endpoint("unix:" + dir.resolve("m.sock"));
        } else {
            builder.endpoint("tcp://127.0.0.1:0").options(IpcOptions.authKey(KEY));
        }
        Manager manager = builder.spawn();
        toClose.add(manager);
        return manager;
    }

    /** @return a builder for a client JVM, with the key in its environment for tcp: */
    private JvmProcess.Builder child(Class<?> main, Manager manager) {
        JvmProcess.Builder builder = JvmProcess.builder(main).args(manager.endpoint().toString());
        return manager.endpoint().scheme().equals("tcp")
            ? builder.env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(KEY)) : builder;
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void twoProcessesUseEveryKindAtOnce(String transport) throws InterruptedException {
        Manager manager = spawn(transport);
        int jobs = 100;
        SharedQueue<Integer> queue = manager.queue("jobs");
        for (int i = 0; i < jobs; i++) {
            queue.put(i);
        }
        List<JvmProcess> sharers = child(Sharer.class, manager).start(2);
        toClose.addAll(sharers);
        queue.put(-1);
        queue.put(-1);
        for (JvmProcess sharer : sharers) {
            assertTrue(sharer.join(Duration.ofMinutes(2)) && sharer.exitCode().orElse(-1) == 0, sharer + " failed");
        }
        assertEquals(jobs, new TreeSet<>(manager.<Integer>list("done").snapshot()).size());
        assertEquals(jobs, manager.<Integer, Long>map("squares").size());
        assertEquals(jobs, manager.<String, Long>map("counts").get("jobs"));
        assertArrayEquals(new long[] {1_000 - jobs, jobs}, manager.proxy("bank", Account.class).balances());
        assertEquals(2, manager.namespace("workers").names().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void theManagerKilledWithMinus9FailsCallsAtOnce(String transport) {
        Manager manager = spawn(transport);
        SharedMap<String, Long> map = manager.map("m");
        map.put("k", 1L);
        ProcessHandle.of(manager.pid()).orElseThrow().destroyForcibly();
        PeerGoneException gone = assertTimeoutPreemptively(Duration.ofSeconds(5),
            () -> assertThrows(PeerGoneException.class, () -> map.get("k")));
        assertTrue(gone.getMessage().contains("the manager is gone"), gone.getMessage());
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertThrows(PeerGoneException.class, map::size));
    }

    @Test
    void aClientWithoutTheKeyIsRefused() {
        Manager manager = spawn("tcp");
        assertThrows(HandshakeException.class, () -> Manager.connect(manager.endpoint().toString(),
            IpcOptions.authKey("not the key".getBytes(StandardCharsets.UTF_8))));
        assertEquals(0, manager.map("m").size(), "the manager serves on");
    }
}
