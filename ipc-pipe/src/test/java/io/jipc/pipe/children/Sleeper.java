package io.jipc.pipe.children;

/** Sleeps until killed; with argument {@code ignore-term}, a shutdown hook keeps it alive after SIGTERM too. */
public final class Sleeper {
    private Sleeper() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("ignore-term")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            io.jipc.Ipc.connect("pipe:stdio").send(new byte[] {'r'}); // ready: the hook is in place
        }
        RawStdout.sleepForever();
    }
}
