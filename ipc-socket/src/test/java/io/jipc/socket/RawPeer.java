package io.jipc.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.jipc.Endpoint;

/** A hand-driven TCP peer for tests: writes whatever bytes it is told, handshake or not. */
final class RawPeer implements AutoCloseable {

    final Socket socket;
    final OutputStream out;
    final InputStream in;

    RawPeer(Endpoint endpoint) throws IOException {
        String address = endpoint.address().substring(2);
        int colon = address.lastIndexOf(':');
        socket = new Socket();
        socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a jipc hello without a key and reads the server's. */
    RawPeer handshake() throws IOException {
        out.write(hello());
        out.flush();
        byte[] reply = in.readNBytes(16);
        if (reply.length != 16 || reply[0] != 'J') {
            throw new IOException("no server hello");
        }
        return this;
    }

    static byte[] hello() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put(new byte[] {'J', 'I', 'P', 'C'})
            .putShort((short) 1).putShort((short) 0).putInt(4 << 20).putInt(0).array();
    }

    static byte[] header(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** @return true once the server closed the connection (read sees the end), within the socket timeout */
    boolean closedByServer() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
