package io.jipc.examples.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * Binds a Unix-domain socket (an owner-only file in a fresh directory), starts worker JVMs that connect to it, deals
 * out tasks, checks the answers, and leaves nothing behind.
 * <p>
 * Arguments: {@code [workers] [tasks]}, default 3 workers and 20,000 tasks.
 */
public final class UnixMaster {

    private UnixMaster() {
    }

    public static void main(String[] args) throws IOException {
        int workerCount = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long started = System.nanoTime();
        Path directory = Files.createTempDirectory(Paths.get("/tmp"), "jipc-example-");
        Path socket = directory.resolve("jobs.sock");
        String summary;
        try (ChannelServer server = Ipc.bind("unix:" + socket)) {
            List<JvmProcess> workers = JvmProcess.builder(SocketWorker.class).args(server.endpoint().toString())
                .start(workerCount);
            summary = SocketJobs.run("unix", server, workers, tasks, started);
        }
        boolean left = Files.exists(socket);
        Files.deleteIfExists(directory);
        if (left) {
            throw new IllegalStateException("the socket file " + socket + " was left behind");
        }
        System.out.println(summary + ", the socket file removed");
    }
}
