package io.jipc.cli;

import java.io.PrintStream;
import java.util.List;

/** One of the tool's commands. */
interface Command {

    /** @return the command line, e.g. {@code stat <path>} */
    String usage();

    /** @return what it does, in a few words */
    String summary();

    /**
     * @param args the arguments after the command's name
     * @param out  where results go
     * @return the exit status
     * @throws UsageException when the arguments make no sense
     */
    int run(List<String> args, PrintStream out) throws Exception;
}
