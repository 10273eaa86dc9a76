package io.jipc.mq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.ChannelContractTest;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.Peer;
import io.jipc.testkit.Trees;

/** The channel contract over a pair of persistent queues, with the echo peer in a child JVM. */
class MqChannelContractTest extends ChannelContractTest {

    @Override
    protected Peer startEchoPeer() throws Exception {
        Path dir = Files.createTempDirectory("jipc-mq-contract");
        ChannelServer server = Ipc.bind("mq:" + dir);
        JvmProcess child = null;
        try {
            child = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start();
            Channel channel = server.accept(Duration.ofSeconds(30));
            return new Peer(channel, child, () -> {
                try {
                    server.close();
                } finally {
                    Trees.delete(dir);
                }
            });
        } catch (RuntimeException | Error e) {
            if (child != null) {
                child.kill();
                child.close();
            }
            server.close();
            Trees.delete(dir);
            throw e;
        }
    }
}
