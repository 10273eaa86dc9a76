package io.jipc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A lock or semaphore slot was taken back from a holder process that died holding it. */
@Name("io.jipc.LockOwnerDied")
@Label("Lock Owner Died")
@Category({"jipc", "Synchronisation"})
@Description("A cross-process lock or semaphore permit was recovered from a holder that died")
@StackTrace(false)
final class LockOwnerDiedEvent extends jdk.jfr.Event {
    @Label("File")
    String file;
    @Label("Dead Holder Pid")
    long pid;
}
