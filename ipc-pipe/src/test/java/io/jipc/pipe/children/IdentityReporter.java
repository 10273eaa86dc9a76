package io.jipc.pipe.children;

import java.nio.ByteBuffer;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.internal.ProcessIdentity;

/** Sends its own identity token and the one it reads, independently, for its parent's pid (argument 0). */
public final class IdentityReporter {
    private IdentityReporter() {
    }

    public static void main(String[] args) {
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            long parentPid = Long.parseLong(args[0]);
            parent.send(ByteBuffer.allocate(16).putLong(ProcessIdentity.current().token())
                .putLong(ProcessIdentity.of(parentPid).token()).array());
            parent.receive(java.time.Duration.ofSeconds(30));
        } catch (io.jipc.PeerGoneException e) {
            // the parent closed: done
        }
    }
}
