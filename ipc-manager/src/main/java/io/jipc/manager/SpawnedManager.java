package io.jipc.manager;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.IpcException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;
import io.jipc.process.JvmProcess;

/**
 * A manager in a JVM of its own: the child ({@link ManagerMain}) binds, says {@code READY <endpoint>} over its pipe,
 * and serves until the pipe closes. Closing this closes the pipe, waits for the child to stop, and kills it if it
 * does not.
 */
final class SpawnedManager implements AutoCloseable {

    /** How long a stopping manager JVM may take before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final JvmProcess process;
    private final Channel control;
    private boolean closed;

    private SpawnedManager(JvmProcess process, Channel control) {
        this.process = process;
        this.control = control;
    }

    static Manager spawn(ManagerConfig config, List<String> jvmOptions, Duration startTimeout) {
        List<String> args = new ArrayList<>();
        args.add(config.endpoint().toString());
        for (String pattern : config.allowed()) {
            args.add(ManagerMain.ALLOW);
            args.add(pattern);
        }
        for (Registration registration : config.registrations().values()) {
            if (registration.implementation() == null) {
                throw new IllegalStateException(registration.type().getName() + " is registered with a factory, which"
                    + " cannot travel to a manager in its own JVM: register it with an implementation class");
            }
            args.add(ManagerMain.REGISTER);
            args.add(registration.type().getName() + "=" + registration.implementation());
        }
        JvmProcess.Builder builder = JvmProcess.builder(ManagerMain.class).args(args.toArray(new String[0]))
            .jvmOptions(jvmOptions.toArray(new String[0]));
        byte[] key = config.options().get(IpcOption.AUTH_KEY);
        if (key != null) {
            builder.env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(key));
        }
        JvmProcess process = builder.start();
        SpawnedManager spawned = null;
        try {
            Channel control = process.channel();
            spawned = new SpawnedManager(process, control);
            String said;
            try {
                said = new String(control.receive(startTimeout), StandardCharsets.UTF_8);
            } catch (PeerGoneException e) {
                process.join(Duration.ofSeconds(5));
                throw new ManagerException(config.endpoint(), "the manager's JVM " + process.pid() + " exited with code "
                    + process.exitCode().orElse(-1) + " before it served", e);
            } catch (IpcTimeoutException e) {
                throw new ManagerException(config.endpoint(), "the manager's JVM " + process.pid() + " did not serve"
                    + " within " + startTimeout, e);
            }
            if (!said.startsWith(ManagerMain.READY)) {
                throw new ManagerException(config.endpoint(), "the manager's JVM could not serve: "
                    + said.substring(said.indexOf(' ') + 1), null);
            }
            Endpoint endpoint = Endpoint.parse(said.substring(ManagerMain.READY.length()));
            return new Manager(new Client(endpoint, config.options()), spawned);
        } catch (RuntimeException | Error e) {
            if (spawned != null) {
                spawned.close();
            } else {
                process.kill();
                process.close();
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            control.close(Duration.ofSeconds(1));
        } catch (IpcException ignored) {
            // the child is gone already
        } finally {
            if (!process.join(STOP_GRACE)) {
                process.kill();
            }
            process.close();
        }
    }
}
