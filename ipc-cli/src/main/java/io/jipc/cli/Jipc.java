package io.jipc.cli;

import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jipc.IpcException;

/**
 * {@code java -jar jipc.jar <command> [arguments]}: the jipc tool. Commands: {@code ls [dir]}, {@code stat <path>},
 * {@code watch <path>}, {@code clean [dir]}, {@code tail <queue>}. Exit status 0 on success, 1 when the command failed (a missing or
 * unreadable object), 2 on a usage error.
 */
public final class Jipc {

    /** Exit status of a command that did what was asked. */
    public static final int OK = 0;
    /** Exit status of a command that failed. */
    public static final int FAILED = 1;
    /** Exit status of a command line that makes no sense. */
    public static final int USAGE = 2;

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("ls", new ListCommand());
        COMMANDS.put("stat", new StatCommand());
        COMMANDS.put("watch", new WatchCommand());
        COMMANDS.put("clean", new CleanCommand());
        COMMANDS.put("tail", new TailCommand());
    }

    private Jipc() {
    }

    /** Runs the tool and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
            System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command.
     *
     * @param args the command and its arguments
     * @param out  where results go
     * @param err  where errors and usage go
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("jipc: unknown command '" + args[0] + "'");
            usage(err);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return command.run(rest, out);
        } catch (UsageException e) {
            err.println("jipc " + args[0] + ": " + e.getMessage());
            err.println("usage: jipc " + command.usage());
            return USAGE;
        } catch (NoSuchFileException e) {
            err.println("jipc " + args[0] + ": " + e.getFile() + " does not exist");
            return FAILED;
        } catch (IpcException e) {
            err.println("jipc " + args[0] + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (Exception e) {
            err.println("jipc " + args[0] + ": " + e);
            return FAILED;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: jipc <command> [arguments]");
        for (Map.Entry<String, Command> e : COMMANDS.entrySet()) {
            out.printf("  %-40s %s%n", e.getValue().usage(), e.getValue().summary());
        }
    }
}
