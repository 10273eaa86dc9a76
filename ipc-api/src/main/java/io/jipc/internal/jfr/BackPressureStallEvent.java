package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** A blocking send waited for room: recorded when the wait lasted longer than the threshold (1 ms by default). */
@Name("io.jipc.BackPressureStall")
@Label("Back-Pressure Stall")
@Category({"jipc", "Channels"})
@Description("A blocking send waited for the peer to make room; the duration is the wait")
@Threshold("1 ms")
@StackTrace(true)
final class BackPressureStallEvent extends jdk.jfr.Event {
    @Label("Endpoint")
    String endpoint;
    @Label("Message Length")
    @jdk.jfr.DataAmount
    int length;
    @Label("Sent")
    @Description("False when the wait ended in a timeout or an interrupt")
    boolean sent;
}
