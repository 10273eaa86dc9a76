package io.jipc.socket;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The socket handshake and frames, drawn once (docs/PROTOCOL.md, section 5, says the same for other languages).
 * <pre>
 * hello, both sides at once (16 bytes, little-endian), as on a pipe:
 *   0       4        6       8               12          16
 *   +-------+--------+-------+---------------+-----------+
 *   | JIPC  | ver=1  | flags | max frame u32 | heartbeat |
 *   +-------+--------+-------+---------------+-----------+
 *   flags bit 0 (AUTH): this side holds a key and requires the peer to prove it holds the same one
 *   flags bit 1 (HEARTBEATS): this side understands heartbeat frames (-2)
 *   heartbeat (u32): the interval in ms this side asks the peer to send heartbeats at, 0 for none; a peer sends them
 *   only when it set HEARTBEATS itself
 *
 * then, only when both hellos carry AUTH (HMAC-SHA256, key = the shared key):
 *   server -> client   challenge S            32 random bytes
 *   client -> server   HMAC("jipc client" S)  32 bytes, then challenge C: 32 random bytes
 *   server -> client   status 0x01            then HMAC("jipc server" C): 32 bytes   (accepted)
 *                      status 0x00            then the server closes               (refused)
 *
 * then frames in both directions: i32 length, payload; -1 = end of stream; -2 = heartbeat (nothing follows)
 * </pre>
 * The server proves itself only after the client did, and each direction's MAC carries its own label, so neither side
 * can be made to answer the other's challenge for it.
 */
final class SocketProtocol {

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** 'J' 'I' 'P' 'C' read as a little-endian int. */
    static final int MAGIC = 0x4350494A;
    static final byte[] MAGIC_BYTES = {'J', 'I', 'P', 'C'};
    static final int VERSION = 1;
    static final int HELLO_LENGTH = 16;
    static final int VERSION_OFFSET = 4;
    static final int FLAGS_OFFSET = 6;
    static final int MAX_FRAME_OFFSET = 8;
    static final int HEARTBEAT_INTERVAL_OFFSET = 12;
    static final int FLAG_AUTH = 1;
    static final int FLAG_HEARTBEATS = 2;

    static final int NONCE_LENGTH = 32;
    static final int MAC_LENGTH = 32;
    static final int CLIENT_PROOF_LENGTH = MAC_LENGTH + NONCE_LENGTH;
    static final int STATUS_LENGTH = 1;
    static final byte STATUS_ACCEPTED = 1;
    static final byte STATUS_REFUSED = 0;

    static final int HEADER_LENGTH = 4;
    static final int END_OF_STREAM = -1;
    static final int HEARTBEAT = -2;

    private static final byte[] CLIENT_LABEL = "jipc client".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_LABEL = "jipc server".getBytes(StandardCharsets.US_ASCII);

    private SocketProtocol() {
    }

    /** @return the client's proof for the server's challenge */
    static byte[] clientProof(byte[] key, byte[] serverNonce) {
        return hmac(key, CLIENT_LABEL, serverNonce);
    }

    /** @return the server's proof for the client's challenge */
    static byte[] serverProof(byte[] key, byte[] clientNonce) {
        return hmac(key, SERVER_LABEL, clientNonce);
    }

    /** @return true when the two MACs are equal, compared in constant time */
    static boolean matches(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    private static byte[] hmac(byte[] key, byte[] label, byte[] nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label);
            return mac.doFinal(nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
