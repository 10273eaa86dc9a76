package io.jipc.pipe.children;

import java.nio.charset.StandardCharsets;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * Plays a parent: starts a {@link Sleeper} child (daemon unless {@code args[0]} is {@code non-daemon}; a
 * {@link DirectSleeper} when {@code args[1]} is {@code direct}), tells its own parent the child's pid over the pipe,
 * then waits: to be killed, or for {@code exit} to exit normally.
 */
public final class MiddleParent {
    private MiddleParent() {
    }

    public static void main(String[] args) {
        boolean daemon = !(args.length > 0 && args[0].equals("non-daemon"));
        boolean direct = args.length > 1 && args[1].equals("direct");
        JvmProcess child = JvmProcess.builder(direct ? DirectSleeper.class : Sleeper.class).daemon(daemon).start();
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            parent.send(Long.toString(child.pid()).getBytes(StandardCharsets.US_ASCII));
            parent.serve(request -> {
                if (new String(request, StandardCharsets.US_ASCII).equals("exit")) {
                    System.exit(0);
                }
                return request;
            });
        }
    }
}
