package io.jipc.socket;

import java.time.Duration;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.ChannelContractTest;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.Peer;

/** The channel contract over TCP loopback, with the echo peer in a child JVM connecting to a bound server. */
class TcpChannelContractTest extends ChannelContractTest {

    @Override
    protected Peer startEchoPeer() {
        return start(Ipc.bind("tcp://127.0.0.1:0"));
    }

    /** Starts an {@link EchoPeer} that connects to {@code server}, and accepts it. */
    static Peer start(ChannelServer server) {
        JvmProcess child = null;
        try {
            child = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start();
            Channel channel = server.accept(Duration.ofSeconds(30));
            return new Peer(channel, child, server::close);
        } catch (RuntimeException | Error e) {
            if (child != null) {
                child.kill();
                child.close();
            }
            server.close();
            throw e;
        }
    }
}
