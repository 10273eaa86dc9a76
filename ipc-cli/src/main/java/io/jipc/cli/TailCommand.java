package io.jipc.cli;

import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import io.jipc.IpcTimeoutException;
import io.jipc.mq.From;
import io.jipc.mq.MessageQueue;
import io.jipc.mq.QueueInspection;
import io.jipc.mq.QueueMessage;
import io.jipc.mq.QueueReader;

/**
 * {@code jipc tail <queue> [--from=end|start|<index>] [--count=N]}: prints a queue's messages as they arrive, like
 * {@code tail -f}: its index, time, length, and the text when it is UTF-8, else its first bytes in hexadecimal.
 * Reads with a replay, which remembers nothing and acknowledges nothing: no subscription moves.
 */
final class TailCommand implements Command {

    private static final int SHOWN = 200;

    @Override
    public String usage() {
        return "tail <queue> [--from=end|start|<index>] [--count=N]";
    }

    @Override
    public String summary() {
        return "print a queue's messages as they arrive";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Path dir = null;
        From from = From.end();
        long count = Long.MAX_VALUE;
        for (String arg : args) {
            if (arg.startsWith("--from=")) {
                from = from(arg.substring("--from=".length()));
            } else if (arg.startsWith("--count=")) {
                count = WatchCommand.number(arg.substring("--count=".length()));
            } else if (dir == null && !arg.startsWith("--")) {
                dir = Paths.get(arg);
            } else {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
        }
        if (dir == null) {
            throw new UsageException("takes a queue directory");
        }
        if (!QueueInspection.isQueue(dir)) {
            throw new UsageException(dir + " holds no queue");
        }
        long[] printed = {0};
        try (MessageQueue queue = MessageQueue.open("mq:" + dir.toAbsolutePath().normalize());
             QueueReader<QueueMessage> reader = queue.replay(from)) {
            while (printed[0] < count) {
                try {
                    reader.receive(message -> {
                        out.println(line(message));
                        printed[0]++;
                    }, (int) Math.min(100, count - printed[0]), Duration.ofSeconds(1));
                    out.flush();
                } catch (IpcTimeoutException quiet) {
                    // nothing new: keep waiting
                }
            }
        }
        return Jipc.OK;
    }

    private static From from(String text) throws UsageException {
        if (text.equals("end")) {
            return From.end();
        }
        if (text.equals("start")) {
            return From.start();
        }
        try {
            return From.index(text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new UsageException("--from takes end, start or an index (0x... or decimal), not '" + text + "'");
        }
    }

    /** @return e.g. {@code 0x4a1b00000003  2026-11-27T15:20:01.123Z  5 B  hello} */
    static String line(QueueMessage message) {
        byte[] bytes = message.bytes();
        return Queues.index(message.index()) + "  " + message.time() + "  " + Format.bytes(bytes.length) + "  " + show(bytes);
    }

    private static String show(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\t')) {
                return text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
            }
        } catch (CharacterCodingException binary) {
            // shown in hexadecimal below
        }
        StringBuilder hex = new StringBuilder("hex ");
        for (int i = 0; i < Math.min(bytes.length, 32); i++) {
            hex.append(String.format(java.util.Locale.ROOT, "%02x", bytes[i] & 0xff));
        }
        return hex.append(bytes.length > 32 ? "..." : "").toString();
    }
}
