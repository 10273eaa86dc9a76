package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A pool started a worker in place of one it lost. */
@Name("io.jipc.WorkerReplaced")
@Label("Worker Replaced")
@Category({"jipc", "Pool"})
@Description("A pool started a new worker in place of a lost one")
@StackTrace(false)
final class WorkerReplacedEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;
    @Label("Lost Worker Pid")
    long lostPid;
    @Label("New Worker Pid")
    long newPid;
}
