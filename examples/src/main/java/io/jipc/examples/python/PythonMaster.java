package io.jipc.examples.python;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.process.ChildProcess;

/**
 * A Java master hands tasks to two worker processes written in Python from {@code docs/PROTOCOL.md} section 4
 * (standard library only; the program is {@code worker.py} beside this class), over their stdin and stdout, and
 * checks every answer. Without python3 it says so and ends in {@code OK ... skipped}.
 * <p>
 * Arguments: {@code [tasks]}, default 2,000.
 */
public final class PythonMaster {

    private PythonMaster() {
    }

    public static void main(String[] args) throws IOException {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        if (!pythonPresent()) {
            System.out.println("python3 is not installed here, so there is no Python worker to start");
            System.out.println("OK python: skipped (no python3)");
            return;
        }
        Path script = Files.createTempFile("jipc-worker-", ".py");
        try (InputStream worker = PythonMaster.class.getResourceAsStream("worker.py")) {
            Files.write(script, worker.readAllBytes());
        }
        List<ChildProcess> workers = new ArrayList<>();
        try {
            workers.addAll(ChildProcess.command("python3", script.toString()).start(2));
            List<Channel> channels = new ArrayList<>();
            for (ChildProcess worker : workers) {
                channels.add(worker.channel());
            }
            long started = System.nanoTime();
            List<ArrayDeque<Integer>> inFlight = new ArrayList<>();    // per worker, the tasks it holds, in order
            int next = 0;
            for (Channel channel : channels) {
                inFlight.add(new ArrayDeque<>(List.of(next)));
                channel.send(task(next++).getBytes(UTF_8));
            }
            int done = 0;
            while (done < tasks) {
                for (Channel ready : Ipc.wait(channels, Duration.ofSeconds(30))) {
                    int w = channels.indexOf(ready);
                    String answer = new String(ready.receive(Duration.ofSeconds(1)), UTF_8);
                    String expected = task(inFlight.get(w).poll()).toUpperCase(Locale.ROOT);
                    if (!answer.equals(expected)) {
                        throw new IllegalStateException("worker " + workers.get(w).pid() + " answered '" + answer
                            + "', expected '" + expected + "'");
                    }
                    done++;
                    if (next < tasks) {
                        inFlight.get(w).add(next);
                        ready.send(task(next++).getBytes(UTF_8));
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%,d tasks in %.2f s: %,.0f round trips/s to Python%n", tasks, seconds, tasks / seconds);
        } finally {
            workers.forEach(ChildProcess::close);     // each worker reads end-of-stream, answers with its own, exits 0
            Files.deleteIfExists(script);
        }
        for (ChildProcess worker : workers) {
            if (worker.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException("Python worker " + worker.pid() + " exited with " + worker.exitCode());
            }
        }
        System.out.println("OK python: " + tasks + " tasks answered by 2 Python workers, every answer checked, both exited 0");
    }

    private static String task(int id) {
        return "task " + id + ": shout this";
    }

    private static boolean pythonPresent() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
