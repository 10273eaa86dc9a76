package io.jipc.shm;

import io.jipc.shm.file.FileHeader;

/**
 * A named segment's file: the common header ({@link FileHeader}), what the data holds, then the data.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        common header, kind = segment (64 bytes)                |  0
 *  +---------------------------------------------------------------+
 *  |                  data length in bytes (8 bytes)                | 64
 *  +-------------------------------+-------------------------------+
 *  |  element type (0 bytes,       |          reserved             | 72
 *  |  1 long, 2 int, 3 double)     |                               |
 *  +-------------------------------+-------------------------------+
 *  |                     reserved up to 128                         | 80
 *  +---------------------------------------------------------------+
 *  |                   data (data length bytes)                     |128
 *  |                              ...                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * The data starts 128 bytes into a page-aligned mapping, so every long is 8-byte aligned for atomic operations.
 */
final class SegmentDescriptor {

    static final int DATA_LENGTH_OFFSET = 64;
    static final int ELEMENT_TYPE_OFFSET = 72;
    static final int DATA_OFFSET = FileHeader.LENGTH;
    /** Largest data length: the whole file must fit one mapping. */
    static final int MAX_DATA_LENGTH = Integer.MAX_VALUE - 4096;

    /** What a segment's data holds. */
    enum ElementType {
        BYTES(0, 1, "byte"),
        LONG(1, 8, "long"),
        INT(2, 4, "int"),
        DOUBLE(3, 8, "double");

        final int code;
        final int size;
        final String label;

        ElementType(int code, int size, String label) {
            this.code = code;
            this.size = size;
            this.label = label;
        }

        static ElementType of(int code) {
            for (ElementType type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            return null;
        }
    }

    private SegmentDescriptor() {
    }

    /** @return the file length for a data length */
    static long fileLength(long dataLength) {
        return DATA_OFFSET + dataLength;
    }
}
