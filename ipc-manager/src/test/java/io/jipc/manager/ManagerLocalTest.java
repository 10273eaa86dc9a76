package io.jipc.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.codec.CodecException;
import io.jipc.manager.children.Account;
import io.jipc.manager.children.SimpleAccount;
import io.jipc.testkit.NoLeaks;

/** Every kind's semantics through proxies, with the manager and its client in this JVM (the wire is still used). */
@ExtendWith(NoLeaks.class)
class ManagerLocalTest {

    private ManagerServer server;
    private Manager manager;

    @BeforeEach
    void start() {
        server = Manager.builder().register(Account.class, SimpleAccount.class).serve();
        manager = Manager.connect(server.endpoint().toString());
    }

    @AfterEach
    void stop() {
        manager.close();
        server.close();
    }

    @Test
    void aMapAnswersLikeAConcurrentMap() {
        SharedMap<String, Long> map = manager.map("counts");
        assertNull(map.put("a", 1L));
        assertEquals(1L, map.put("a", 2L));
        assertEquals(2L, map.get("a"));
        assertNull(map.get("zz"));
        assertEquals(7L, map.getOrDefault("zz", 7L));
        assertEquals(2L, map.putIfAbsent("a", 5L));
        assertNull(map.putIfAbsent("b", 5L));
        assertTrue(map.replace("b", 5L, 6L));
        assertFalse(map.replace("b", 5L, 7L));
        assertFalse(map.remove("b", 5L));
        assertEquals(Map.of("a", 2L, "b", 6L), map);
        assertEquals(2, map.size());
        assertTrue(map.containsKey("a") && map.containsValue(6L) && !map.containsValue(9L));
        map.putAll(Map.of("c", 3L, "d", 4L));
        assertEquals(4, map.keySet().size());
        assertEquals(15L, map.values().stream().mapToLong(Long::longValue).sum());
        assertThrows(UnsupportedOperationException.class, () -> map.keySet().remove("a"), "a snapshot");
        assertEquals(4L, map.remove("d"));
        map.clear();
        assertTrue(map.isEmpty());
        assertThrows(NullPointerException.class, () -> map.put(null, 1L));
        assertEquals(map.name(), "counts");
    }

    @Test
    void functionsRunInTheManagerOrHereAndStayAtomic() {
        SharedMap<String, Long> map = manager.map("f");
        assertEquals(1L, map.merge("w", 1L, Long::sum));          // a RemoteBiFunction: shipped (refused: not allowed)
        assertEquals(2L, map.merge("w", 1L, Long::sum));
        BiFunction<Long, Long, Long> plain = Long::sum;             // not serializable: the loop of atomic steps
        assertEquals(3L, map.merge("w", 1L, plain));
        assertEquals(10L, map.computeIfAbsent("x", k -> 10L));
        assertEquals(10L, map.computeIfAbsent("x", k -> 11L));
        assertEquals(20L, map.computeIfPresent("x", (k, v) -> v * 2));
        assertNull(map.computeIfPresent("y", (k, v) -> v * 2));
        assertEquals(5L, map.compute("y", (k, v) -> v == null ? 5L : v + 1));
        assertNull(map.compute("y", (k, v) -> null));
        assertFalse(map.containsKey("y"));
        map.replaceAll((k, v) -> v + 100);
        assertEquals(Map.of("w", 103L, "x", 120L), map.snapshot());
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> map.compute("x", (k, v) -> { throw new IllegalStateException("no"); }));
        assertEquals("no", thrown.getMessage());
        assertEquals(120L, map.get("x"), "unchanged");
    }

    @Test
    void functionsOfAllowedClassesRunInTheManager() {
        try (Manager allowing = Manager.builder().allow(ManagerLocalTest.class).start()) {
            SharedMap<String, Long> map = allowing.map("f");
            assertEquals(1L, map.merge("w", 1L, Long::sum));
            assertEquals(2L, map.merge("w", 1L, Long::sum));
            long base = 40;
            assertEquals(42L, map.compute("w", (k, v) -> v + base));
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> map.compute("w", (k, v) -> { throw new IllegalStateException("in the manager"); }));
            assertTrue(thrown.getCause() instanceof RemoteCallException, "the manager's trace as the cause");
            assertEquals(42L, map.get("w"));
            map.put("z", 1L);
            NullPointerException none = assertThrows(NullPointerException.class,
                () -> map.replaceAll((k, v) -> k.equals("z") ? null : v + 1));
            assertTrue(none.getMessage().contains("null for key z"), none.getMessage());
            assertEquals(Map.of("w", 42L, "z", 1L), map.snapshot(), "all or nothing, and no null value");
        }
    }

    @Test
    void aListAnswersLikeAList() {
        SharedList<String> list = manager.list("l");
        assertTrue(list.add("a"));
        list.add("c");
        list.add(1, "b");
        assertEquals(List.of("a", "b", "c"), list);
        assertEquals("b", list.get(1));
        assertEquals("b", list.set(1, "B"));
        assertEquals(1, list.indexOf("B"));
        assertTrue(list.addAll(List.of("d", "e")));
        assertEquals("e", list.remove(4));
        assertTrue(list.remove("d"));
        assertEquals(List.of("a", "B", "c"), new ArrayList<>(list));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(99));
        list.removeIf(s -> s.equals("a"));
        list.replaceAll(String::toUpperCase);
        list.sort(null);
        assertEquals(List.of("B", "C"), list.snapshot());
        assertThrows(UnsupportedOperationException.class, () -> list.iterator().remove());
        list.clear();
        assertTrue(list.isEmpty());
    }

    @Test
    void aQueueAnswersLikeABlockingQueue() throws InterruptedException {
        SharedQueue<Integer> queue = manager.queue("q", 2);
        assertTrue(queue.offer(1));
        queue.put(2);
        assertFalse(queue.offer(3));
        assertFalse(queue.offer(3, 50, TimeUnit.MILLISECONDS));
        assertEquals(0, queue.remainingCapacity());
        assertEquals(1, queue.peek());
        assertEquals(List.of(1, 2), queue.snapshot());
        assertEquals(1, queue.take());
        assertEquals(2, queue.poll(1, TimeUnit.SECONDS));
        assertNull(queue.poll());
        assertNull(queue.poll(50, TimeUnit.MILLISECONDS));
        queue.addAll(List.of(7, 8));
        List<Integer> drained = new ArrayList<>();
        assertEquals(2, queue.drainTo(drained));
        assertEquals(List.of(7, 8), drained);
        assertThrows(ManagerException.class, () -> manager.queue("q", 5), "another capacity");
        assertThrows(ManagerException.class, () -> manager.map("q"), "another kind");
    }

    @Test
    void aNamespaceHoldsNamedValues() {
        SharedNamespace ns = manager.namespace("settings");
        assertNull(ns.set("threshold", 0.75));
        double threshold = ns.get("threshold");
        assertEquals(0.75, threshold);
        assertEquals("x", ns.get("missing", "x"));
        assertTrue(ns.contains("threshold"));
        assertEquals(Map.of("threshold", 0.75), ns.snapshot());
        assertEquals(0.75, (double) ns.remove("threshold"));
        assertTrue(ns.names().isEmpty());
    }

    @Test
    void userObjectsRunInTheManagerAndThrowTheirOwnExceptions() {
        Account account = manager.proxy("acct", Account.class);
        account.transfer(10, 0);
        assertArrayEquals(new long[] {990, 10}, account.balances());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> account.fail("boom"));
        assertEquals("boom", e.getMessage());
        assertTrue(e.getCause() instanceof RemoteCallException r && r.remoteClassName().equals("java.lang.IllegalStateException"));
        IOException io = assertThrows(IOException.class, () -> account.io("disk"));
        assertEquals("disk", io.getMessage());
        CodecException unencodable = assertThrows(CodecException.class, account::unencodable);
        assertTrue(unencodable.getMessage().contains("unencodable") && unencodable.getMessage().contains("java.lang.Object"),
            unencodable.getMessage());
        assertArrayEquals(new long[] {990, 10}, manager.proxy("acct", Account.class).balances(), "one object per name");
        assertTrue(manager.names().contains("acct"));
        assertTrue(manager.remove("acct"));
        ManagerException removed = assertThrows(ManagerException.class, account::balances);
        assertTrue(removed.getMessage().contains("'acct' was removed"), removed.getMessage());
        assertThrows(ManagerException.class, () -> manager.proxy("r", Runnable.class), "not registered");
    }

    record Secret(String text) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aClassOffTheAllowListIsRefusedByName() {
        SharedMap<String, Object> map = manager.map("m");
        CodecException e = assertThrows(CodecException.class, () -> map.put("k", new Secret("s")));
        assertTrue(e.getMessage().contains(Secret.class.getName()) && e.getMessage().contains("allow-list"), e.getMessage());
        assertNull(map.get("k"), "not put");
        CodecException local = assertThrows(CodecException.class, () -> map.put("k", new Object()));
        assertTrue(local.getMessage().contains("java.lang.Object"), local.getMessage());
        assertEquals(0, map.size(), "the connection is still usable");
    }

    @Test
    void aValueLargerThanTheChannelsLargestMessageTravelsInFrames() {
        SharedMap<String, byte[]> map = manager.map("big");
        byte[] big = new byte[3 << 20]; // the shm channel's largest message is 512 KiB
        new java.util.Random(7).nextBytes(big);
        map.put("k", big);
        assertArrayEquals(big, map.get("k"));
        assertEquals(1, map.snapshot().size());
    }

    @Test
    void anInterruptedTakeThrowsInterruptedExceptionAndLeavesTheElement() throws Exception {
        SharedQueue<String> queue = manager.queue("q");
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                queue.take();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        taker.start();
        ServedQueue served = (ServedQueue) server.table().open(Kind.QUEUE, "q", 0, null, 0);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> served.takers() == 1);
        taker.interrupt();
        assertTrue(outcome.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> served.takers() == 0);
        queue.put("x");
        assertEquals("x", queue.poll(5, TimeUnit.SECONDS));
        taker.join(5_000);
    }

    @Test
    void aCallThatOutlivesItsTimeoutFailsWithTimeAndTheNextCallWorks() {
        manager.proxy("slow", Account.class);
        try (Manager impatient = Manager.connect(manager.endpoint().toString(),
                io.jipc.IpcOptions.of(ManagerOption.CALL_TIMEOUT, java.time.Duration.ofMillis(300)))) {
            Account slow = impatient.proxy("slow", Account.class);
            io.jipc.IpcTimeoutException e = assertThrows(io.jipc.IpcTimeoutException.class, () -> slow.transfer(1, 1_500));
            assertTrue(e.getMessage().contains("did not answer transfer on Account 'slow' within PT0.3S"), e.getMessage());
        }
        assertArrayEquals(new long[] {999, 1}, manager.proxy("slow", Account.class).balances(), "it ran whole");
    }

    @Test
    void aChangeThroughASnapshotThrowsSayingSoAndQueueBulkRemovalsWork() {
        SharedMap<String, Long> map = manager.map("snap");
        map.put("a", 1L);
        SharedList<String> list = manager.list("snapList");
        list.add("x");
        List<Runnable> changes = List.of(
            () -> map.keySet().remove("a"), () -> map.keySet().iterator().remove(), () -> map.values().clear(),
            () -> map.entrySet().iterator().next().setValue(2L), () -> map.entrySet().removeIf(e -> true),
            () -> list.iterator().remove(), () -> list.subList(0, 1).clear(), () -> list.listIterator().set("y"));
        for (Runnable change : changes) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, change::run);
            assertTrue(e.getMessage() != null && e.getMessage().contains("snapshot of"), e.getMessage());
        }
        assertEquals(Map.of("a", 1L), map.snapshot());
        assertEquals(List.of("x"), list.snapshot());

        SharedQueue<String> queue = manager.queue("bulk");
        queue.addAll(List.of("a", "b", "a", "c"));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> {
            var it = queue.iterator();
            it.next();
            it.remove();
        });
        assertTrue(e.getMessage().contains("snapshot of queue 'bulk'"), e.getMessage());
        assertTrue(queue.removeAll(List.of("a")));
        assertEquals(List.of("b", "c"), queue.snapshot());
        assertTrue(queue.retainAll(List.of("c")));
        assertFalse(queue.removeIf("b"::equals));
        assertEquals(List.of("c"), queue.snapshot());
    }
}
