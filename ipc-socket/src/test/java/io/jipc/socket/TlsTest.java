package io.jipc.socket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.ChannelServer;
import io.jipc.HandshakeException;
import io.jipc.Ipc;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.socket.children.TlsClient;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * TLS with a keystore the test makes with keytool: a client in a child JVM with a certificate is served, each side
 * sees the other's principal; a client without one is refused when the server requires it.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class TlsTest {

    private static final String PASSWORD = "test-only-password";

    @Test
    void clientsWithACertificateAreServedAndKnownByTheirPrincipal() throws Exception {
        try (TempDir dir = new TempDir()) {
            Path keystore = dir.path().resolve("test.p12");
            makeKeystore(keystore);
            SSLContext context = TlsClient.context(keystore.toString(), PASSWORD.toCharArray());
            try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0?clientAuth=require", IpcOptions.tls(context));
                 Echoes echoes = new Echoes(server)) {
                String uri = "tcp://localhost:" + server.endpoint().toString().replaceAll(".*:", "").replaceAll("\\?.*", "");
                ChildProcess client = JvmProcess.builder(TlsClient.class).args(uri, keystore.toString(), PASSWORD)
                    .stderr(ChildProcess.Stderr.CAPTURE).start();
                try (client) {
                    assertTrue(client.join(Duration.ofSeconds(60)));
                    assertEquals(0, client.exitCode().getAsInt(), client.capturedStderr());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> !echoes.channels.isEmpty());
                assertEquals("CN=localhost", echoes.channels.get(0).peer().principal().orElseThrow().getName());

                SSLContext noCertificate = SSLContext.getInstance("TLS");
                noCertificate.init(null, trustOnly(keystore), null);   // trusts the server, shows no certificate
                assertThrows(HandshakeException.class, () -> Ipc.connect(uri, IpcOptions.tls(noCertificate)
                    .with(IpcOption.CONNECT_TIMEOUT, Duration.ofSeconds(10))));
                assertEquals(1, echoes.channels.size());
            }
        }
    }

    private static javax.net.ssl.TrustManager[] trustOnly(Path keystore) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        return trust.getTrustManagers();
    }

    /** Makes a self-signed EC key pair for localhost and 127.0.0.1 with the JDK's keytool. */
    static void makeKeystore(Path keystore) throws Exception {
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "test", "-keyalg", "EC",
            "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2"))
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool: " + output);
    }
}
