package io.jipc.pool;

import java.nio.ByteOrder;

/**
 * The messages between a pool and its workers, over any channel. A message is a batch of records back to back;
 * each record starts with its type byte. Little-endian. Values (tasks, functions, inputs, results) are bytes of the
 * pool's codec; errors are {@link RemoteErrors}.
 * <pre>
 * pool → worker
 *   INIT    | 1 | len i32 | initializer (len 0: none)                         first message, once
 *   DEFINE  | 2 | fn i32 | len i32 | TaskFunction                            before the first APPLY naming fn
 *   FORGET  | 3 | fn i32                                                    the map using fn is over
 *   CALL    | 4 | job i64 | timeout ns i64 | len i32 | Task
 *   APPLY   | 5 | job i64 | timeout ns i64 | fn i32 | count i32 | count × (len i32 | input)
 *   LAMBDA  | 6 | shape i32 | len i32 | LambdaShape                        before the first CALL_LAMBDA naming shape
 *   CALL_LAMBDA | 7 | job i64 | timeout ns i64 | shape i32 | len i32 | count i32 | count × (len i32 | captured value)
 * worker → pool
 *   HELLO   | 10 | pid i64                                                  first message, once
 *   READY   | 11 | pid i64                                                  the initializer returned
 *   INIT_FAILED | 12 | error                                                the initializer threw; the worker exits
 *   DONE    | 13 | job i64 | run ns i64 | count i32 | count × (len i32 | result)
 *   FAILED  | 14 | job i64 | run ns i64 | index i32 | error                  index: the input that failed, counted from
 *                                                                          the APPLY's first (DONEs sent before it
 *                                                                          included); 0 for a CALL
 * </pre>
 * A worker runs its jobs one at a time, in the order received, and answers each with one DONE or FAILED.
 */
final class PoolProtocol {

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    static final byte INIT = 1;
    static final byte DEFINE = 2;
    static final byte FORGET = 3;
    static final byte CALL = 4;
    static final byte APPLY = 5;
    static final byte LAMBDA = 6;
    static final byte CALL_LAMBDA = 7;

    static final byte HELLO = 10;
    static final byte READY = 11;
    static final byte INIT_FAILED = 12;
    static final byte DONE = 13;
    static final byte FAILED = 14;

    /** Bytes of a CALL record before the task. */
    static final int CALL_HEADER = 1 + 8 + 8 + 4;
    /** Bytes of a CALL_LAMBDA record before its captured values. */
    static final int CALL_LAMBDA_HEADER = 1 + 8 + 8 + 4 + 4;
    /** Bytes of an APPLY record before its inputs. */
    static final int APPLY_HEADER = 1 + 8 + 8 + 4 + 4;
    /** Bytes of a DONE record before its results. */
    static final int DONE_HEADER = 1 + 8 + 8 + 4;
    /** Bytes of a FAILED record before its error. */
    static final int FAILED_HEADER = 1 + 8 + 8 + 4;

    /** Exit status of a worker that stopped itself because a task overran its timeout. */
    static final int EXIT_TASK_TIMEOUT = 124;

    private PoolProtocol() {
    }
}
