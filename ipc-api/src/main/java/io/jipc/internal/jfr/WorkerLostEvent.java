package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A pool worker left without being asked: died, killed, or unreachable. */
@Name("io.jipc.WorkerLost")
@Label("Worker Lost")
@Category({"jipc", "Pool"})
@Description("A pool worker died or became unreachable")
@StackTrace(false)
final class WorkerLostEvent extends jdk.jfr.Event {
    @Label("Channel")
    @Description("The channel the pool reached the worker by")
    String channel;
    @Label("Worker Pid")
    long pid;
    @Label("Reason")
    String reason;
}
