package io.jipc.pool;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.IpcOptions;
import io.jipc.codec.Codec;
import io.jipc.internal.ChildMain;
import io.jipc.internal.DirectMain;
import io.jipc.internal.Stdio;
import io.jipc.spi.Liveness;
import io.jipc.spi.PipeTransport;
import io.jipc.spi.Transports;

/**
 * The main class of the JVM that trains the JDK's ahead-of-time cache for pool workers ({@code -XX:AOTMode=record},
 * JDK 25+): runs a worker's start and its {@link WarmUp} against a pool side in the same JVM, over pipe channels on
 * in-process piped streams. Its standard output is not a channel (the JDK prints to it when the recording ends), and it runs
 * with the workers' JVM options, which training and use must share. Started by pools; not API.
 */
public final class WorkerTraining implements DirectMain {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PIPE_BYTES = 1 << 20;

    private WorkerTraining() {
    }

    /**
     * @param args the codec factory's class name, then the allow-list patterns
     * @throws Exception when the exchange fails: the recording is then not used
     */
    public static void main(String[] args) throws Exception {
        ChildMain.prepare(); // as a worker starts
        String codecFactory = args[0];
        List<String> allowed = Arrays.asList(args).subList(1, args.length);
        PipedOutputStream toWorker = new PipedOutputStream();
        PipedInputStream workerIn = new PipedInputStream(toWorker, PIPE_BYTES);
        PipedOutputStream toPool = new PipedOutputStream();
        PipedInputStream poolIn = new PipedInputStream(toPool, PIPE_BYTES);
        PipeTransport pipe = Transports.require("pipe", PipeTransport.class);
        Endpoint endpoint = Endpoint.parse("pipe:");
        // what a worker's connect to pipe:stdio does beyond the exchange below, so that the cache holds its classes too
        // (one class the cache lacks opens the class path's jar, 20 ms or more): claim the real standard streams (left
        // unused: this JVM's standard output is not a channel) and probe the standard output (/dev/null when a pool
        // trains: the probe finds no pipe there, after the same code a worker runs)
        Stdio.claim();
        Path probed = Path.of("/proc/self/fd/1");
        Thread worker = new Thread(() -> {
            try (Channel channel = pipe.open(endpoint, workerIn, toPool, probed, Liveness.ALWAYS, -1, IpcOptions.connectTimeout(TIMEOUT))) {
                new WorkerLoop(channel, new byte[0]).run();
            }
        }, "jipc-pool-training-worker");
        worker.start();
        try (Channel channel = pipe.open(endpoint, poolIn, toWorker, null, Liveness.ALWAYS, -1, IpcOptions.connectTimeout(TIMEOUT))) {
            Hello.receive(channel, TIMEOUT);
            Codec<Object> codec = Worker.codecFactory(codecFactory).create(allowed);
            byte[] init = InitRecord.encode(codecFactory, allowed, FunctionValue.encode(null, codec));
            channel.send(new UnsafeBuffer(init), 0, init.length, TIMEOUT);
            byte[] ready = channel.receive(TIMEOUT);
            if (ready.length != PoolProtocol.READY_LENGTH || ready[PoolProtocol.TYPE_OFFSET] != PoolProtocol.READY) {
                throw new IOException("the training worker did not initialize");
            }
            WarmUp.run(channel, codec, TIMEOUT);
        }
        worker.join(TIMEOUT.toMillis());
    }
}
