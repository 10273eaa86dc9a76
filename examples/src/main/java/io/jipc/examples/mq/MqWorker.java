package io.jipc.examples.mq;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.mq.MessageQueue;
import io.jipc.mq.QueueMessage;
import io.jipc.mq.Subscription;

/**
 * A worker: a member of the group "workers" on the tasks queue; for each task it works a millisecond, appends the
 * result, and the task is acknowledged when the handler returns. Killed mid-task, its task goes to another member.
 * Runs until stopped. Arguments: directory, worker number.
 */
public final class MqWorker {

    private MqWorker() {
    }

    public static void main(String[] args) {
        String dir = args[0];
        int worker = Integer.parseInt(args[1]);
        UnsafeBuffer result = new UnsafeBuffer(new byte[Jobs.RESULT_LENGTH]);
        try (MessageQueue tasks = MessageQueue.open(Jobs.tasks(dir));
             MessageQueue results = MessageQueue.open(Jobs.results(dir));
             Subscription<QueueMessage> group = tasks.subscribeShared("workers")) {
            while (true) {
                int handled = group.poll(task -> {
                    long id = Jobs.taskId(task.buffer(), task.offset());
                    LockSupport.parkNanos(1_000_000);                       // the job
                    Jobs.result(result, id, worker, Jobs.work(id));
                    results.append(result, 0, Jobs.RESULT_LENGTH);
                }, 10);
                if (handled == 0) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
    }
}
