package io.jipc.pool;

import java.nio.ByteOrder;

/**
 * The messages between a pool and its workers, over any channel. A message is a batch of records back to back; each
 * record starts with its type byte. Integers are little-endian. Values (tasks, functions, inputs, results, captured
 * values) are bytes of the pool's codec; where several follow one another each is preceded by its length (i32).
 * Errors are {@link RemoteErrors}.
 * <pre>
 * Jobs (pool → worker) and their answers (worker → pool): a fixed header, then a body.
 *               0      1              9                17             21             25
 *              +------+--------------+----------------+--------------+--------------+---------------------------
 *  CALL        |  4   | job (i64)    | timeout ns i64 | length (i32) | the Task (length bytes)
 *  APPLY       |  5   | job          | timeout ns     | fn (i32)     | count (i32)  | count × (length | input)
 *  APPLY_EACH  |  8   | job          | timeout ns     | fn (i32)     | count (i32)  | count × (length | input)
 *  CALL_LAMBDA |  7   | job          | timeout ns     | shape (i32)  | length (i32) | captured (length bytes):
 *              |      |              |                |              |              |   n (i32) | n × (length | value)
 *  DONE        |  13  | job          | run ns (i64)   | count (i32)  | count × (length | result)
 *  FAILED      |  14  | job          | run ns         | index (i32)  | error
 *              +------+--------------+----------------+--------------+
 *
 * Definitions (pool → worker), each sent to a worker once, before the first job naming it:
 *               0      1              5              9
 *  DEFINE      |  2   | fn (i32)     | length (i32) | the TaskFunction (a FunctionValue of length bytes)
 *  LAMBDA      |  6   | shape (i32)  | length (i32) | a LambdaShape (length bytes)
 *  FORGET      |  3   | fn (i32)     |                 the map using fn is over
 *
 * The start: the worker says HELLO, the pool answers INIT, the worker READY (or INIT_FAILED, and exits).
 *               0      1               5                13             17
 *  HELLO       | 10   | version (i32) | pid (i64)      | length (i32) | token (length bytes, at most 64)
 *  INIT        |  1   | version (i32) | codec factory, allow-list, initializer: see {@link InitRecord}
 *  READY       | 11   |                 the worker made its codec and ran the initializer
 *  INIT_FAILED | 12   | error           what failed: another protocol version, no such codec, the initializer
 * The pid in a HELLO is the worker's own word, kept for messages only: the pool knows a worker by what its channel
 * vouches for ({@link io.jipc.Channel#peer()}: a pipe's child, a shared-memory or Unix-socket peer's pid), or, where
 * the transport cannot vouch for a pid (TCP), by the token it handed the worker it started, in the environment
 * variable {@link #TOKEN_ENVIRONMENT}. A worker without a token, or with one the pool did not hand out, is a worker
 * that joined by hand.
 * </pre>
 * A worker runs its jobs one at a time, in the order received, and answers each with one FAILED, or with DONE
 * records whose counts add up to the job's (a chunk's results may be split over several). An APPLY_EACH is a run of
 * inputs that are each a task of their own (a map with chunk size 1): the timeout bounds each input, and its results
 * leave as an APPLY's would when they are old or large, at once before each input when there is a timeout; its DONEs
 * may stop at a FAILED, which ends it (the inputs after it are skipped, as in an APPLY). A FAILED's index is the
 * input that failed, counted from the APPLY's first (DONEs sent before it included); 0 for a CALL. A job's id is new
 * at each dispatch; the run time measures the job in the worker and sizes the pool's {@link Window}.
 */
final class PoolProtocol {

    /** Byte order of every integer. */
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /**
     * The version of this protocol, checked first by both sides: 2 sends the codec and the allow-list in INIT and a
     * version and a token in HELLO; 3 adds APPLY_EACH.
     */
    static final int VERSION = 3;

    static final byte INIT = 1;
    static final byte DEFINE = 2;
    static final byte FORGET = 3;
    static final byte CALL = 4;
    static final byte APPLY = 5;
    static final byte LAMBDA = 6;
    static final byte CALL_LAMBDA = 7;
    static final byte APPLY_EACH = 8;

    static final byte HELLO = 10;
    static final byte READY = 11;
    static final byte INIT_FAILED = 12;
    static final byte DONE = 13;
    static final byte FAILED = 14;

    /** Every record: its type. */
    static final int TYPE_OFFSET = 0;

    /** Job records (CALL, APPLY, CALL_LAMBDA, APPLY_EACH, DONE, FAILED): the job's id. */
    static final int JOB_OFFSET = 1;
    /** CALL, APPLY, CALL_LAMBDA, APPLY_EACH: longest run time in ns (of each input for APPLY_EACH), 0 for none. */
    static final int TIMEOUT_OFFSET = 9;
    /** DONE, FAILED: how long the job ran, in ns. */
    static final int RUN_NANOS_OFFSET = 9;

    /** CALL: the length of the task. */
    static final int CALL_LENGTH_OFFSET = 17;
    /** Bytes of a CALL record before the task. */
    static final int CALL_HEADER = 21;

    /** APPLY, APPLY_EACH: the map's function. */
    static final int APPLY_FN_OFFSET = 17;
    /** APPLY, APPLY_EACH: how many inputs follow. */
    static final int APPLY_COUNT_OFFSET = 21;
    /** Bytes of an APPLY or APPLY_EACH record before its inputs. */
    static final int APPLY_HEADER = 25;

    /** CALL_LAMBDA: the lambda's shape. */
    static final int CALL_LAMBDA_SHAPE_OFFSET = 17;
    /** CALL_LAMBDA: the length of its captured values. */
    static final int CALL_LAMBDA_LENGTH_OFFSET = 21;
    /** Bytes of a CALL_LAMBDA record before its captured values. */
    static final int CALL_LAMBDA_HEADER = 25;

    /** DONE: how many results follow. */
    static final int DONE_COUNT_OFFSET = 17;
    /** Bytes of a DONE record before its results. */
    static final int DONE_HEADER = 21;

    /** FAILED: the input that failed. */
    static final int FAILED_INDEX_OFFSET = 17;
    /** Bytes of a FAILED record before its error. */
    static final int FAILED_HEADER = 21;

    /** DEFINE, LAMBDA, FORGET: the id of the function or shape. */
    static final int DEFINITION_ID_OFFSET = 1;
    /** DEFINE, LAMBDA: the length of the definition. */
    static final int DEFINITION_LENGTH_OFFSET = 5;
    /** Bytes of a DEFINE or LAMBDA record before the definition. */
    static final int DEFINITION_HEADER = 9;
    /** Bytes of a FORGET record. */
    static final int FORGET_LENGTH = 5;

    /** HELLO: the pool protocol version the worker speaks. */
    static final int HELLO_VERSION_OFFSET = 1;
    /** HELLO: the worker's pid, as it says. */
    static final int HELLO_PID_OFFSET = 5;
    /** HELLO: the length of its token, 0 for none. */
    static final int HELLO_TOKEN_LENGTH_OFFSET = 13;
    /** Bytes of a HELLO before its token. */
    static final int HELLO_HEADER = 17;
    /** Longest token a HELLO may carry. */
    static final int MAX_TOKEN_LENGTH = 64;
    /** Bytes of a READY. */
    static final int READY_LENGTH = 1;
    /** INIT: the pool protocol version the pool speaks. */
    static final int INIT_VERSION_OFFSET = 1;
    /** Bytes of an INIT before its strings ({@link InitRecord}). */
    static final int INIT_HEADER = 5;
    /** INIT_FAILED: where the error starts. */
    static final int INIT_FAILED_HEADER = 1;

    /** Bytes of the length before each value of a list (inputs, results, captured values), and of a count. */
    static final int LENGTH_BYTES = 4;

    /**
     * The environment variable a pool hands each worker it starts its token in (hex), on a transport it binds: never
     * on the command line, and used once.
     */
    static final String TOKEN_ENVIRONMENT = "JIPC_POOL_TOKEN";

    /** Exit status of a worker that stopped itself because a task overran its timeout. */
    static final int EXIT_TASK_TIMEOUT = 124;

    private PoolProtocol() {
    }
}
