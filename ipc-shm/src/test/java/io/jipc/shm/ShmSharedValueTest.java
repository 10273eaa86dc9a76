package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.AddressInUseException;
import io.jipc.process.JvmProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Shared values, arrays and segments, across processes and within one. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmSharedValueTest {

    private final TempShmDir dir = new TempShmDir();

    @AfterEach
    void cleanUp() {
        dir.close();
    }

    @Test
    void fourProcessesAddingAtomicallyReachTheExactTotal() {
        String uri = dir.uri("counter");
        int perProcess = 200_000;
        try (SharedLong counter = SharedLong.open(uri)) {
            List<JvmProcess> workers = JvmProcess.builder(TestChildren.Counter.class)
                .args(uri, Integer.toString(perProcess)).start(4);
            try {
                for (JvmProcess worker : workers) {
                    assertTrue(worker.join(Duration.ofSeconds(30)), worker + " did not finish");
                    assertEquals(0, worker.exitCode().getAsInt());
                }
            } finally {
                workers.forEach(JvmProcess::kill);
                workers.forEach(JvmProcess::close);
            }
            assertEquals(4L * perProcess, counter.get());
        }
        SharedLong.unlink(uri);
        assertEquals(List.of(), dir.files());
    }

    @Test
    void sharedLongOperations() {
        String uri = dir.uri("long");
        SharedLong a = SharedLong.open(uri);
        try (SharedLong b = SharedLong.open(uri)) {
            assertEquals(0, a.get());
            a.set(40);
            assertEquals(40, b.get());
            assertEquals(42, b.addAndGet(2));
            assertEquals(42, a.getAndAdd(1));
            assertTrue(a.compareAndSet(43, 7));
            assertFalse(b.compareAndSet(43, 8));
            b.setPlain(9);
            assertEquals(9, a.getPlain());
            a.close();
            a.close();
            assertThrows(IllegalStateException.class, a::get);
            assertEquals(9, b.get());
        }
        try (SharedLong again = SharedLong.open(uri)) {
            assertEquals(9, again.get(), "the value outlives its users until unlinked");
        }
        SharedLong.unlink(uri);
        try (SharedLong fresh = SharedLong.open(uri)) {
            assertEquals(0, fresh.get());
        }
    }

    @Test
    void sharedDoubleAndArrays() {
        try (SharedDouble d = SharedDouble.open(dir.uri("double"))) {
            d.set(1.5);
            assertEquals(4.0, d.addAndGet(2.5));
            assertTrue(d.compareAndSet(4.0, -1.0));
            assertEquals(-1.0, d.get());
        }
        try (SharedLongArray longs = SharedLongArray.open(dir.uri("longs"), 3);
             SharedIntArray ints = SharedIntArray.open(dir.uri("ints"), 3);
             SharedDoubleArray doubles = SharedDoubleArray.open(dir.uri("doubles"), 2);
             SharedBytes bytes = SharedBytes.open(dir.uri("bytes"), 5)) {
            longs.set(2, 5);
            assertEquals(7, longs.addAndGet(2, 2));
            assertTrue(longs.compareAndSet(0, 0, -1));
            assertArrayEquals(new long[] {-1, 0, 7}, longs.toArray());
            ints.set(1, 3);
            assertEquals(4, ints.addAndGet(1, 1));
            assertArrayEquals(new int[] {0, 4, 0}, ints.toArray());
            doubles.set(1, 0.25);
            assertEquals(0.75, doubles.addAndGet(1, 0.5));
            assertArrayEquals(new double[] {0, 0.75}, doubles.toArray());
            bytes.set(0, new byte[] {1, 2, 3}, 0, 3);
            bytes.set(4, (byte) 9);
            byte[] copy = new byte[5];
            bytes.get(0, copy, 0, 5);
            assertArrayEquals(new byte[] {1, 2, 3, 0, 9}, copy);
            assertThrows(IndexOutOfBoundsException.class, () -> longs.get(3));
            assertThrows(IndexOutOfBoundsException.class, () -> ints.set(-1, 0));
        }
    }

    @Test
    void mismatchedTypeOrLengthIsRefused() {
        try (SharedLongArray longs = SharedLongArray.open(dir.uri("longs"), 3)) {
            assertEquals(3, longs.length());
            ShmFileException e = assertThrows(ShmFileException.class, () -> SharedLongArray.open(dir.uri("longs"), 4));
            assertTrue(e.getMessage().contains("holds 3 longs, expected 4 longs"), e.getMessage());
            e = assertThrows(ShmFileException.class, () -> SharedIntArray.open(dir.uri("longs"), 6));
            assertTrue(e.getMessage().contains("expected 6 ints"), e.getMessage());
            e = assertThrows(ShmFileException.class, () -> SharedLong.open(dir.uri("longs")));
            assertTrue(e.getMessage().contains(dir.path("longs").toString()), e.getMessage());
        }
    }

    @Test
    void segmentsAreCreatedOpenedAndUnlinked() {
        String uri = dir.uri("segment");
        try (Segment created = Segment.create(uri, 4096)) {
            assertThrows(AddressInUseException.class, () -> Segment.create(uri, 4096));
            created.buffer().putLongVolatile(8, 77);
            try (Segment opened = Segment.open(uri)) {
                assertEquals(4096, opened.size());
                assertEquals(77, opened.buffer().getLongVolatile(8));
                assertEquals(78, opened.buffer().addLongOrdered(8, 1) + 1);
            }
            try (Segment same = Segment.openOrCreate(uri, 4096)) {
                assertEquals(78, same.buffer().getLong(8));
            }
            assertThrows(ShmFileException.class, () -> Segment.openOrCreate(uri, 100));
        }
        assertTrue(Segment.unlink(uri));
        assertFalse(Segment.unlink(uri));
        assertThrows(io.jipc.IpcException.class, () -> Segment.open(uri));
    }
}
