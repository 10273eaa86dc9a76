package io.jipc.pool;

import static io.jipc.pool.PoolProtocol.APPLY;
import static io.jipc.pool.PoolProtocol.APPLY_COUNT_OFFSET;
import static io.jipc.pool.PoolProtocol.APPLY_EACH;
import static io.jipc.pool.PoolProtocol.APPLY_FN_OFFSET;
import static io.jipc.pool.PoolProtocol.APPLY_HEADER;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA_HEADER;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA_LENGTH_OFFSET;
import static io.jipc.pool.PoolProtocol.CALL_LAMBDA_SHAPE_OFFSET;
import static io.jipc.pool.PoolProtocol.DEFINE;
import static io.jipc.pool.PoolProtocol.DEFINITION_HEADER;
import static io.jipc.pool.PoolProtocol.DEFINITION_ID_OFFSET;
import static io.jipc.pool.PoolProtocol.DEFINITION_LENGTH_OFFSET;
import static io.jipc.pool.PoolProtocol.DONE;
import static io.jipc.pool.PoolProtocol.DONE_COUNT_OFFSET;
import static io.jipc.pool.PoolProtocol.DONE_HEADER;
import static io.jipc.pool.PoolProtocol.FAILED;
import static io.jipc.pool.PoolProtocol.FAILED_HEADER;
import static io.jipc.pool.PoolProtocol.FORGET;
import static io.jipc.pool.PoolProtocol.FORGET_LENGTH;
import static io.jipc.pool.PoolProtocol.JOB_OFFSET;
import static io.jipc.pool.PoolProtocol.LAMBDA;
import static io.jipc.pool.PoolProtocol.LENGTH_BYTES;
import static io.jipc.pool.PoolProtocol.ORDER;
import static io.jipc.pool.PoolProtocol.TIMEOUT_OFFSET;
import static io.jipc.pool.PoolProtocol.TYPE_OFFSET;

import java.lang.invoke.SerializedLambda;
import java.time.Duration;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.Channel;
import io.jipc.MessageHandler;
import io.jipc.ProtocolException;
import io.jipc.codec.Codec;
import io.jipc.spi.Deadlines;

/**
 * A few tasks a worker runs before it is needed, so that the code of real work (the codec, a map's function rebuilt
 * from its shape, inputs that are each a task and a chunk, a lambda task, the answers) is loaded and linked by the
 * time the first real task comes: a warm spare runs them right after READY, and the run that trains the JDK's
 * ahead-of-time cache ({@link WorkerTraining}) too. Their function, shape and job ids are negative, which no real one
 * is. A task that fails still ran its code path: only a broken exchange is an error.
 */
final class WarmUp {

    private static final int FUNCTION = -1;
    private static final int SHAPE = -1;
    private static final long EACH_JOB = -1;
    private static final long CHUNK_JOB = -2;
    private static final long LAMBDA_JOB = -3;
    private static final int INPUTS = 16;

    private WarmUp() {
    }

    /** The warm-up map's function. @return twice {@code x} */
    static Integer twice(Integer x) {
        return 2 * x;
    }

    /**
     * Sends the warm-up tasks to a ready worker and waits for their answers.
     *
     * @throws io.jipc.IpcException when the worker does not answer in time, or not as the protocol says
     * @throws io.jipc.codec.CodecException when the pool's codec cannot write the warm-up's integers
     */
    static void run(Channel channel, Codec<Object> codec, Duration timeout) {
        ExpandableArrayBuffer message = new ExpandableArrayBuffer(1024);
        int length = write(message, codec);
        channel.send(message, 0, length, timeout);
        Answers answers = new Answers(channel);
        long deadline = Deadlines.of(timeout);
        while (answers.open > 0) {
            channel.receive(answers, 16, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** @return the length of the warm-up message written at 0: DEFINE, APPLY_EACH, APPLY, FORGET, LAMBDA, CALL_LAMBDA */
    private static int write(MutableDirectBuffer b, Codec<Object> codec) {
        TaskFunction<Integer, Integer> function = WarmUp::twice;
        int p = definition(b, 0, DEFINE, FUNCTION, FunctionValue.encode(function, codec));
        p = apply(b, p, APPLY_EACH, EACH_JOB, codec);
        p = apply(b, p, APPLY, CHUNK_JOB, codec);
        b.putByte(p + TYPE_OFFSET, FORGET);
        b.putInt(p + DEFINITION_ID_OFFSET, FUNCTION, ORDER);
        p += FORGET_LENGTH;
        int base = INPUTS;
        Task<Integer> task = () -> twice(base);
        SerializedLambda lambda = LambdaShape.serialized(task);
        p = definition(b, p, LAMBDA, SHAPE, LambdaShape.of(SHAPE, lambda).bytes);
        b.putByte(p + TYPE_OFFSET, CALL_LAMBDA);
        b.putLong(p + JOB_OFFSET, LAMBDA_JOB, ORDER);
        b.putLong(p + TIMEOUT_OFFSET, 0, ORDER);
        b.putInt(p + CALL_LAMBDA_SHAPE_OFFSET, SHAPE, ORDER);
        int captured = FunctionValue.encodeCaptured(lambda, codec, b, p + CALL_LAMBDA_HEADER);
        b.putInt(p + CALL_LAMBDA_LENGTH_OFFSET, captured, ORDER);
        return p + CALL_LAMBDA_HEADER + captured;
    }

    private static int definition(MutableDirectBuffer b, int p, byte type, int id, byte[] bytes) {
        b.putByte(p + TYPE_OFFSET, type);
        b.putInt(p + DEFINITION_ID_OFFSET, id, ORDER);
        b.putInt(p + DEFINITION_LENGTH_OFFSET, bytes.length, ORDER);
        b.putBytes(p + DEFINITION_HEADER, bytes);
        return p + DEFINITION_HEADER + bytes.length;
    }

    private static int apply(MutableDirectBuffer b, int p, byte type, long job, Codec<Object> codec) {
        b.putByte(p + TYPE_OFFSET, type);
        b.putLong(p + JOB_OFFSET, job, ORDER);
        b.putLong(p + TIMEOUT_OFFSET, 0, ORDER);
        b.putInt(p + APPLY_FN_OFFSET, FUNCTION, ORDER);
        b.putInt(p + APPLY_COUNT_OFFSET, INPUTS, ORDER);
        int q = p + APPLY_HEADER;
        for (int i = 0; i < INPUTS; i++) {
            int length = codec.encode(i, b, q + LENGTH_BYTES);
            b.putInt(q, length, ORDER);
            q += LENGTH_BYTES + length;
        }
        return q;
    }

    /** Counts the warm-up's answers: each job is over once all its results, or a failure, came. */
    private static final class Answers implements MessageHandler {
        private final Channel channel;
        private final int[] results = new int[3];
        private final int[] position = new int[1];
        int open = 3;

        Answers(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length) {
            int p = offset;
            int end = offset + length;
            while (p < end) {
                byte type = buffer.getByte(p + TYPE_OFFSET);
                long job = buffer.getLong(p + JOB_OFFSET, ORDER);
                int k = (int) -job - 1;
                if (k < 0 || k > 2 || results[k] < 0 || type != DONE && type != FAILED) {
                    throw new ProtocolException(channel.endpoint(), "unexpected answer (type " + type + ", job " + job
                        + ") to the warm-up");
                }
                int expected = job == LAMBDA_JOB ? 1 : INPUTS;
                if (type == DONE) {
                    int count = buffer.getInt(p + DONE_COUNT_OFFSET, ORDER);
                    p += DONE_HEADER;
                    for (int i = 0; i < count; i++) {
                        p += LENGTH_BYTES + buffer.getInt(p, ORDER);
                    }
                    results[k] += count;
                } else {
                    position[0] = p + FAILED_HEADER;
                    RemoteErrors.decode(buffer, position, -1); // the code path ran: that is all a warm-up wants
                    p = position[0];
                    results[k] = expected;
                }
                if (results[k] >= expected) {
                    results[k] = -1;
                    open--;
                }
            }
        }
    }
}
