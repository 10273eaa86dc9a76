package io.jipc.examples.mq;

import java.time.Duration;
import java.util.BitSet;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.IpcTimeoutException;
import io.jipc.mq.From;
import io.jipc.mq.MessageQueue;
import io.jipc.mq.QueueMessage;
import io.jipc.mq.QueueReader;
import io.jipc.mq.Subscription;

/**
 * The master: enqueues the tasks not enqueued yet, then collects results through its durable subscription
 * "master" until every task has one. Started again after a crash, it rebuilds what it had collected by replaying the
 * results up to its acknowledged position, then resumes. Exits 0 when done. Arguments: directory, tasks.
 */
public final class MqMaster {

    private MqMaster() {
    }

    public static void main(String[] args) {
        String dir = args[0];
        int count = Integer.parseInt(args[1]);
        BitSet done = new BitSet(count);
        try (MessageQueue tasks = MessageQueue.open(Jobs.tasks(dir));
             MessageQueue results = MessageQueue.open(Jobs.results(dir))) {
            enqueue(tasks, count);
            try (Subscription<QueueMessage> collected = results.subscribe("master")) {
                long acknowledged = collected.acknowledgedIndex();
                if (acknowledged >= 0) {
                    try (QueueReader<QueueMessage> replay = results.replay(From.start())) {
                        boolean[] caughtUp = {false};
                        while (!caughtUp[0] && replay.poll(m -> {
                            done.set((int) Jobs.taskId(m.buffer(), m.offset()));
                            caughtUp[0] = m.index() == acknowledged;
                        }, 1) > 0) {
                            // up to the acknowledged position
                        }
                    }
                    System.err.println("master (pid " + ProcessHandle.current().pid() + ") resumed with " + done.cardinality()
                        + " results already collected");
                }
                while (done.cardinality() < count) {
                    try {
                        collected.receive(m -> {
                            long id = Jobs.taskId(m.buffer(), m.offset());
                            if (Jobs.resultValue(m.buffer(), m.offset()) != Jobs.work(id)) {
                                throw new IllegalStateException("wrong result for task " + id);
                            }
                            done.set((int) id);
                        }, 100, Duration.ofSeconds(1));
                    } catch (IpcTimeoutException e) {
                        // the workers are slow or restarting: wait on
                    }
                }
            }
        }
        System.err.println("master: all " + count + " tasks have a result");
    }

    /** Appends the tasks after the last one already in the queue (a restarted master does not enqueue twice). */
    private static void enqueue(MessageQueue tasks, int count) {
        long next = 0;
        long last = tasks.lastIndex();
        if (last >= 0) {
            try (QueueReader<QueueMessage> tail = tasks.replay(From.index(last))) {
                long[] lastId = {-1};
                tail.poll(m -> lastId[0] = Jobs.taskId(m.buffer(), m.offset()), 1);
                next = lastId[0] + 1;
            }
        }
        UnsafeBuffer task = new UnsafeBuffer(new byte[Jobs.TASK_LENGTH]);
        for (long id = next; id < count; id++) {
            Jobs.task(task, id);
            tasks.append(task, 0, Jobs.TASK_LENGTH);
        }
    }
}
