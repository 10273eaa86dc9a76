package io.jipc.examples.socket;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;

import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.process.JvmProcess;

/**
 * Binds a TCP server on every interface, protected by a key (from {@code JIPC_AUTH_KEY}, or a fresh random one),
 * prints the one command that starts a worker on another host, starts local worker JVMs that connect over loopback
 * with the key in their environment, deals out tasks and checks the answers.
 * <p>
 * Arguments: {@code [workers] [tasks]}, default 3 workers and 20,000 tasks.
 */
public final class TcpMaster {

    private TcpMaster() {
    }

    public static void main(String[] args) {
        int workerCount = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long started = System.nanoTime();
        byte[] key = IpcOptions.environmentAuthKey().orElseGet(TcpMaster::randomKey);   // never in a URI or argv
        try (ChannelServer server = Ipc.bind("tcp://0.0.0.0:0", IpcOptions.authKey(key))) {
            String port = server.endpoint().address().replaceAll(".*:", "");
            System.out.println("a worker on another host joins with (the same JIPC_AUTH_KEY in its environment):");
            System.out.println("  JIPC_AUTH_KEY=... java -cp jipc-examples.jar " + SocketWorker.class.getName()
                + " tcp://" + hostName() + ":" + port);
            List<JvmProcess> workers = JvmProcess.builder(SocketWorker.class).args("tcp://127.0.0.1:" + port)
                .env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(key)).start(workerCount);
            System.out.println(SocketJobs.run("tcp", server, workers, tasks, started) + ", each proved the key");
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "this-host";
        }
    }
}
