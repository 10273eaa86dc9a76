package io.jipc.manager;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.Endpoint;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;
import io.jipc.process.JvmProcess;

/**
 * A manager in a JVM of its own:
 * {@code java -cp app.jar io.jipc.manager.ManagerMain <endpoint> [--allow pattern]... [--register interface=implementation]...}.
 * A key for {@code tcp:} comes from the environment ({@code JIPC_AUTH_KEY}), never the command line.
 * <p>
 * Started by {@link ManagerBuilder#spawn()} (a {@link JvmProcess} child), it says {@code READY <endpoint>} over its
 * pipe and serves until the pipe closes (its parent closed the manager, exited or died). Started by hand, it serves
 * until it is stopped (SIGTERM).
 */
public final class ManagerMain {

    static final String ALLOW = "--allow";
    static final String REGISTER = "--register";
    static final String READY = "READY ";
    static final String FAILED = "FAILED ";

    private static final Logger LOG = LoggerFactory.getLogger(ManagerMain.class);

    private ManagerMain() {
    }

    /** @param args the endpoint, then {@code --allow pattern} and {@code --register interface=implementation} pairs */
    public static void main(String[] args) {
        boolean child = System.getProperty(JvmProcess.PARENT_PID_PROPERTY) != null;
        if (!child) {
            serveByHand(config(args));
            return;
        }
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            ManagerServer server;
            try {
                server = new ManagerServer(config(args));
            } catch (RuntimeException | Error e) {
                parent.send((FAILED + e).getBytes(StandardCharsets.UTF_8));
                throw e;
            }
            try (server) {
                parent.send((READY + server.endpoint()).getBytes(StandardCharsets.UTF_8));
                while (true) {
                    try {
                        parent.receive(Duration.ofHours(1));
                    } catch (IpcTimeoutException e) {
                        continue;
                    } catch (PeerGoneException | ChannelClosedException e) {
                        break; // the parent closed the manager, or left
                    }
                }
            }
        }
    }

    private static void serveByHand(ManagerConfig config) {
        ManagerServer server = new ManagerServer(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "jipc-manager-stop"));
        LOG.info("manager serving at {}", server.endpoint());
        while (!server.awaitClose(Duration.ofHours(1))) {
            // until SIGTERM
        }
    }

    /** @throws IllegalArgumentException for arguments that are not the ones above */
    static ManagerConfig config(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ManagerMain <endpoint> [" + ALLOW + " pattern]... ["
                + REGISTER + " interface=implementation]...");
        }
        ClassLoader loader = ManagerMain.class.getClassLoader();
        List<String> allowed = new ArrayList<>();
        Map<String, Registration> registrations = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case ALLOW -> allowed.add(args[i + 1]);
                case REGISTER -> {
                    Registration registration = Registration.parse(args[i + 1], loader);
                    registrations.put(registration.type().getName(), registration);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return new ManagerConfig(Endpoint.parse(args[0]), IpcOptions.defaults(), allowed, registrations, loader);
    }
}
