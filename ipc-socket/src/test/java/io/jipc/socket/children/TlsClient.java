package io.jipc.socket.children;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.jipc.Channel;
import io.jipc.HandshakeException;
import io.jipc.Ipc;
import io.jipc.IpcOptions;

/**
 * Connects over TLS to {@code args[0]} with the PKCS12 keystore {@code args[1]} (password {@code args[2]}, a test's
 * throw-away) as both its certificate and its trust, echoes once, and checks the server's principal. Exit 0 when
 * all held, 3 when the handshake failed.
 */
public final class TlsClient {

    private TlsClient() {
    }

    public static void main(String[] args) throws Exception {
        try (Channel server = Ipc.connect(args[0], IpcOptions.tls(context(args[1], args[2].toCharArray()))
                 .with(io.jipc.IpcOption.CONNECT_TIMEOUT, Duration.ofSeconds(20)))) {
            server.send(new byte[] {1, 2, 3});
            byte[] echo = server.receive(Duration.ofSeconds(20));
            if (echo.length != 3 || server.peer().principal().isEmpty()) {
                System.err.println("bad echo or no server principal: " + server.peer());
                System.exit(5);
            }
            System.err.println("server is " + server.peer());
        } catch (HandshakeException e) {
            System.err.println("REFUSED " + e.getMessage());
            System.exit(3);
        }
    }

    /** @return a TLS context whose certificate and trust are the one key pair in the keystore */
    public static SSLContext context(String keystore, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Paths.get(keystore))) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
