package io.jipc.pipe;

import io.jipc.process.JvmProcess;
import io.jipc.testkit.ChannelContractTest;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.Peer;

/** The channel contract over a pipe to a child JVM. */
class PipeChannelContractTest extends ChannelContractTest {

    @Override
    protected Peer startEchoPeer() {
        JvmProcess child = JvmProcess.builder(EchoPeer.class).args("pipe:stdio").start();
        return new Peer(child.channel(), child, null);
    }
}
