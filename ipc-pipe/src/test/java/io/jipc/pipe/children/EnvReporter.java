package io.jipc.pipe.children;

import java.nio.charset.StandardCharsets;

import io.jipc.Channel;
import io.jipc.Ipc;

/** Sends its parent one line: the JIPC_TEST variable, its working directory, its arguments and -Dx. */
public final class EnvReporter {
    private EnvReporter() {
    }

    public static void main(String[] args) {
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            String report = System.getenv("JIPC_TEST") + "|" + System.getProperty("user.dir") + "|"
                + String.join(",", args) + "|" + System.getProperty("x");
            parent.send(report.getBytes(StandardCharsets.UTF_8));
        }
    }
}
