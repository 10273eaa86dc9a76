package io.jipc.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import io.jipc.shm.ShmObject;
import io.jipc.shm.ShmObjects;

/**
 * {@code jipc clean [dir]}: removes the objects that nothing alive uses (every process they name is dead and no
 * live process has the file mapped), and says what it removed. Never touches a live one.
 */
final class CleanCommand implements Command {

    @Override
    public String usage() {
        return "clean [dir]";
    }

    @Override
    public String summary() {
        return "remove the objects whose processes are all dead, never a live one";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        if (args.size() > 1) {
            throw new UsageException("takes at most one directory");
        }
        Path dir = args.isEmpty() ? ShmObjects.defaultDirectory() : Paths.get(args.get(0));
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + " is not a directory");
        }
        List<ShmObject> removed = ShmObjects.clean(dir);
        for (ShmObject object : removed) {
            out.println("removed " + object.kind() + " " + object.path() + " (" + Format.bytes(object.size()) + "; "
                + object.processes().stream().map(Format::roleAndProcess).distinct().collect(Collectors.joining(", ")) + ")");
        }
        out.println(removed.isEmpty() ? "nothing to remove under " + dir : "removed " + removed.size() + " objects under " + dir);
        return Jipc.OK;
    }
}
