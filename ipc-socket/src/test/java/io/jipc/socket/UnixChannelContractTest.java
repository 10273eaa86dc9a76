package io.jipc.socket;

import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.testkit.ChannelContractTest;
import io.jipc.testkit.Peer;

/** The channel contract over a Unix-domain socket, with the echo peer in a child JVM. */
class UnixChannelContractTest extends ChannelContractTest {

    @Override
    protected Peer startEchoPeer() throws Exception {
        TempDir dir = new TempDir();
        ChannelServer server;
        Peer peer;
        try {
            server = Ipc.bind("unix:" + dir.path().resolve("echo.sock"));
            peer = TcpChannelContractTest.start(server); // closes the server itself when it fails
        } catch (RuntimeException | Error e) {
            dir.close();
            throw e;
        }
        return new Peer(peer.channel(), peer.process(), () -> {
            try {
                server.close();
            } finally {
                dir.close();
            }
        });
    }
}
