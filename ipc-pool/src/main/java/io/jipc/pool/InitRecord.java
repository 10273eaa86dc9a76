package io.jipc.pool;

import static io.jipc.pool.PoolProtocol.INIT;
import static io.jipc.pool.PoolProtocol.INIT_HEADER;
import static io.jipc.pool.PoolProtocol.INIT_VERSION_OFFSET;
import static io.jipc.pool.PoolProtocol.LENGTH_BYTES;
import static io.jipc.pool.PoolProtocol.ORDER;
import static io.jipc.pool.PoolProtocol.TYPE_OFFSET;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The INIT record: everything a worker needs before its first job, the same for the workers a pool starts and those
 * that join it by hand (whose command line carries only the endpoint).
 * <pre>
 *          0      1               5
 *  INIT  |  1   | version (i32) | codec factory: length (i32) | class name (UTF-8)
 *        | allow-list: length (i32) | patterns joined by ';' (UTF-8) | initializer: length (i32) | a FunctionValue
 * </pre>
 *
 * @param version           the pool protocol version the pool speaks
 * @param codecFactory      the {@link TaskCodecFactory} class the worker creates its codec with
 * @param allowed           the pool's allow-list, for that codec
 * @param initializerOffset where the initializer's {@link FunctionValue} starts
 * @param initializerLength its length
 * @param end               where the record ends
 */
record InitRecord(int version, String codecFactory, List<String> allowed, int initializerOffset, int initializerLength,
                  int end) {

    /** @return the INIT message for these settings and this encoded initializer */
    static byte[] encode(String codecFactory, List<String> allowed, byte[] initializer) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256 + initializer.length);
        buffer.putByte(TYPE_OFFSET, INIT);
        buffer.putInt(INIT_VERSION_OFFSET, PoolProtocol.VERSION, ORDER);
        int p = INIT_HEADER;
        p += buffer.putStringUtf8(p, codecFactory, ORDER);
        p += buffer.putStringUtf8(p, String.join(";", allowed), ORDER);
        buffer.putInt(p, initializer.length, ORDER);
        buffer.putBytes(p + LENGTH_BYTES, initializer);
        p += LENGTH_BYTES + initializer.length;
        byte[] bytes = new byte[p];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** Worker side: reads the INIT record at {@code offset}. */
    static InitRecord read(DirectBuffer buffer, int offset) {
        int version = buffer.getInt(offset + INIT_VERSION_OFFSET, ORDER);
        int p = offset + INIT_HEADER;
        String factory = buffer.getStringUtf8(p, ORDER);
        p += LENGTH_BYTES + buffer.getInt(p, ORDER);
        String joined = buffer.getStringUtf8(p, ORDER);
        p += LENGTH_BYTES + buffer.getInt(p, ORDER);
        int initializerLength = buffer.getInt(p, ORDER);
        int initializer = p + LENGTH_BYTES;
        return new InitRecord(version, factory, patterns(joined), initializer, initializerLength,
            initializer + initializerLength);
    }

    private static List<String> patterns(String joined) {
        List<String> list = new ArrayList<>();
        for (String p : joined.split(";")) {
            if (!p.isBlank()) {
                list.add(p);
            }
        }
        return List.copyOf(list);
    }
}
