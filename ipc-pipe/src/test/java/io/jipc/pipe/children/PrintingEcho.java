package io.jipc.pipe.children;

import java.time.Duration;

import io.jipc.Channel;
import io.jipc.Ipc;

/** Echoes messages while printing to System.out around each one: the prints must not reach the frame stream. */
public final class PrintingEcho {
    private PrintingEcho() {
    }

    public static void main(String[] args) {
        System.out.println("printed before connecting");
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            System.out.print("JIPC");
            System.out.flush();
            parent.serve(message -> {
                System.out.println("got " + message.length + " bytes");
                System.out.write(new byte[] {0, 0, 0, 1}, 0, 4);
                return message;
            });
        }
        System.out.println("printed after serving");
    }
}
