package com.example.hello;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.pool.ProcessPool;
import io.jipc.process.JvmProcess;
import io.jipc.shm.SharedLong;
import io.jipc.sync.IpcLock;

/** What a new user tries first: a worker over a pipe, a counter under a lock, a pool's map. Prints OK when all work. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) throws Exception {
        try (JvmProcess worker = JvmProcess.builder(UpperCaseWorker.class).start();
             Channel ch = worker.channel()) {
            ch.send("hello".getBytes(UTF_8));
            String reply = new String(ch.receive(Duration.ofSeconds(30)), UTF_8);
            if (!reply.equals("HELLO")) {
                throw new AssertionError("pipe worker answered " + reply);
            }
        }
        Path dir = Files.createTempDirectory(Path.of("/dev/shm").toFile().isDirectory() ? Path.of("/dev/shm") : Path.of(
            System.getProperty("java.io.tmpdir")), "hello-jipc-");
        try (IpcLock lock = IpcLock.open("shm:" + dir.resolve("counter.lock"));
             SharedLong counter = SharedLong.open("shm:" + dir.resolve("counter"))) {
            for (int i = 0; i < 1000; i++) {
                try (IpcLock.Held held = lock.acquire(Duration.ofSeconds(5))) {
                    counter.setPlain(counter.getPlain() + 1);
                }
            }
            if (counter.get() != 1000) {
                throw new AssertionError("counter is " + counter.get());
            }
        } finally {
            IpcLock.unlink("shm:" + dir.resolve("counter.lock"));
            SharedLong.unlink("shm:" + dir.resolve("counter"));
            Files.deleteIfExists(dir);
        }
        try (ProcessPool pool = ProcessPool.builder().workers(2).build()) {
            List<Integer> squares = pool.map(Hello::square, List.of(1, 2, 3, 4));
            if (!squares.equals(List.of(1, 4, 9, 16))) {
                throw new AssertionError("pool map gave " + squares);
            }
        }
        System.out.println("OK hello-jipc: pipe worker, counter under a lock, pool map");
    }

    static int square(int n) {
        return n * n;
    }

    /** The worker JVM: upper-cases every message until its parent leaves. */
    public static final class UpperCaseWorker {
        private UpperCaseWorker() {
        }

        public static void main(String[] args) {
            try (Channel parent = Ipc.connect("pipe:stdio")) {
                parent.serve(msg -> new String(msg, UTF_8).toUpperCase().getBytes(UTF_8));
            }
        }
    }
}
