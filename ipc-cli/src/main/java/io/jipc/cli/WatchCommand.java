package io.jipc.cli;

import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.jipc.shm.ShmObjects;

/**
 * {@code jipc watch <path> [--interval=1s] [--count=N]}: {@code stat} again and again, with the counters' rates
 * since the last look, like Aeron's {@code AeronStat}. Ends after {@code N} looks, on Ctrl-C, or when the object
 * disappears.
 */
final class WatchCommand implements Command {

    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Override
    public String usage() {
        return "watch <path> [--interval=1s] [--count=N]";
    }

    @Override
    public String summary() {
        return "stat refreshed every second, with rates";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Path path = null;
        Duration interval = Duration.ofSeconds(1);
        long count = Long.MAX_VALUE;
        for (String arg : args) {
            if (arg.startsWith("--interval=")) {
                interval = duration(arg.substring("--interval=".length()));
            } else if (arg.startsWith("--count=")) {
                count = number(arg.substring("--count=".length()));
            } else if (path == null && !arg.startsWith("--")) {
                path = Paths.get(arg);
            } else {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
        }
        if (path == null) {
            throw new UsageException("takes one path");
        }
        boolean console = System.console() != null && out == System.out;
        StatPrinter printer = new StatPrinter();
        for (long look = 0; look < count; look++) {
            if (look > 0) {
                Thread.sleep(interval.toMillis());
            }
            Instant now = Instant.now();
            try {
                var object = ShmObjects.describe(path);
                out.print(console ? CLEAR_SCREEN : look > 0 ? System.lineSeparator() : "");
                out.println("-- " + now + (console ? "  (Ctrl-C to stop)" : ""));
                printer.print(object, now, out);
                out.flush();
            } catch (NoSuchFileException e) {
                if (look == 0) {
                    throw e;
                }
                out.println("-- " + now + ": " + path + " is gone");
                return Jipc.OK;
            }
        }
        return Jipc.OK;
    }

    private static Duration duration(String text) throws UsageException {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            return Duration.parse(text);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UsageException("--interval takes e.g. 1s, 250ms or PT2S, not '" + text + "'");
        }
    }

    static long number(String text) throws UsageException {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("--count takes a positive number, not '" + text + "'");
    }
}
