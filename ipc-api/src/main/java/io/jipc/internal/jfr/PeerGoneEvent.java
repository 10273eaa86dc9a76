package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A caller learned that the other side is gone (each PeerGoneException made). */
@Name("io.jipc.PeerGone")
@Label("Peer Gone")
@Category({"jipc", "Channels"})
@Description("The other side of a jipc channel is gone: closed, exited, died, unresponsive or disconnected")
@StackTrace(false)
final class PeerGoneEvent extends jdk.jfr.Event {
    @Label("Endpoint")
    String endpoint;
    @Label("Reason")
    String reason;
}
