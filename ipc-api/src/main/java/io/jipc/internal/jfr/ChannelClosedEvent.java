package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A channel closed by this side, and whether its graceful close delivered everything. */
@Name("io.jipc.ChannelClosed")
@Label("Channel Closed")
@Category({"jipc", "Channels"})
@Description("A jipc channel closed by this side")
@StackTrace(false)
final class ChannelClosedEvent extends jdk.jfr.Event {
    @Label("Endpoint")
    String endpoint;
    @Label("Peer")
    String peer;
    @Label("Delivered")
    @Description("Whether everything sent was delivered and the peer answered with its end-of-stream in time")
    boolean delivered;
}
