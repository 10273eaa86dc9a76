package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.ChannelContractTest;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.Peer;

/** The channel contract over shared memory, with the echo peer in a child JVM connecting to a bound server. */
class ShmChannelContractTest extends ChannelContractTest {

    @Override
    protected Peer startEchoPeer() {
        TempShmDir dir = new TempShmDir();
        ChannelServer server = Ipc.bind(dir.uri("echo?capacity=8m"));
        JvmProcess child = null;
        try {
            child = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start();
            Channel channel = server.accept(Duration.ofSeconds(30));
            return new Peer(channel, child, () -> {
                try {
                    server.close();
                    assertEquals(List.of(), dir.files(), "files left behind");
                } finally {
                    dir.close();
                }
            });
        } catch (RuntimeException | Error e) {
            if (child != null) {
                child.kill();
                child.close();
            }
            server.close();
            dir.close();
            throw e;
        }
    }
}
