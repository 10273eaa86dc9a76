package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One job of a process pool (a task, or a chunk of a map), as the pool saw it. */
@Name("io.jipc.PoolTask")
@Label("Pool Task")
@Category({"jipc", "Pool"})
@Description("A pool job answered: how long it waited for a worker and how long the worker took")
@StackTrace(false)
final class PoolTaskEvent extends jdk.jfr.Event {
    @Label("Channel")
    @Description("The channel the pool reaches the worker by")
    String channel;
    @Label("Worker Pid")
    long workerPid;
    @Label("Inputs")
    int inputs;
    @Label("Queue Time")
    @Description("From submission to dispatch to a worker; 0 when the recording began in between")
    @Timespan(Timespan.NANOSECONDS)
    long queueTime;
    @Label("Run Time")
    @Description("How long the worker ran the job, as the worker measured it")
    @Timespan(Timespan.NANOSECONDS)
    long runTime;
    @Label("Outcome")
    String outcome;
}
