package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A pool started a worker in place of one it lost or retired. */
@Name("io.jipc.WorkerReplaced")
@Label("Worker Replaced")
@Category({"jipc", "Pool"})
@Description("A pool started a new worker in place of one it lost or retired")
@StackTrace(false)
final class WorkerReplacedEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;
    @Label("New Worker Pid")
    long pid;
}
