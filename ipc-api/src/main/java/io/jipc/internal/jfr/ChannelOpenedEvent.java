package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A channel opened: connected, accepted, or a child's pipe. */
@Name("io.jipc.ChannelOpened")
@Label("Channel Opened")
@Category({"jipc", "Channels"})
@Description("A jipc channel opened")
@StackTrace(false)
final class ChannelOpenedEvent extends jdk.jfr.Event {
    @Label("Endpoint")
    String endpoint;
    @Label("Transport")
    String transport;
}
