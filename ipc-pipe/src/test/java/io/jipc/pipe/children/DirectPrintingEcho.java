package io.jipc.pipe.children;

import io.jipc.internal.ChildMain;
import io.jipc.internal.DirectMain;

/** {@link PrintingEcho} started directly ({@link DirectMain}): its prints must not reach the frame stream either. */
public final class DirectPrintingEcho implements DirectMain {
    private DirectPrintingEcho() {
    }

    public static void main(String[] args) {
        ChildMain.prepare();
        PrintingEcho.main(args);
    }
}
