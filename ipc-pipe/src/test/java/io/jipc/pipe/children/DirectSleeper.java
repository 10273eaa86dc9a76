package io.jipc.pipe.children;

import io.jipc.internal.ChildMain;
import io.jipc.internal.DirectMain;

/** {@link Sleeper} started directly ({@link DirectMain}): sleeps until killed, or until its parent dies if a daemon. */
public final class DirectSleeper implements DirectMain {
    private DirectSleeper() {
    }

    public static void main(String[] args) throws Exception {
        ChildMain.prepare();
        RawStdout.sleepForever();
    }
}
