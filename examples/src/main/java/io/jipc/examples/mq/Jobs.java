package io.jipc.examples.mq;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The example's messages and queues, in the directory given to every process:
 * {@code tasks} (a task: its id) and {@code results} (a result: task id, worker, value).
 */
final class Jobs {

    static final int TASK_LENGTH = 8;
    static final int RESULT_LENGTH = 20;

    private Jobs() {
    }

    static String tasks(String dir) {
        return "mq:" + dir + "/tasks";
    }

    static String results(String dir) {
        return "mq:" + dir + "/results";
    }

    static void task(MutableDirectBuffer buffer, long id) {
        buffer.putLong(0, id);
    }

    static long taskId(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset);
    }

    static void result(MutableDirectBuffer buffer, long taskId, int worker, long value) {
        buffer.putLong(0, taskId);
        buffer.putInt(8, worker);
        buffer.putLong(12, value);
    }

    static long resultValue(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + 12);
    }

    /** The work: a sum of squares, so the result can be checked. */
    static long work(long id) {
        return id * id + 1;
    }
}
