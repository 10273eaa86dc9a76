package io.jipc.socket;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * TLS from the user's JDK {@link javax.net.ssl.SSLContext} ({@link io.jipc.IpcOption#TLS}): its key and trust managers
 * decide who may connect. Clients check the server's host name against its certificate; servers ask for a client
 * certificate as {@code ?clientAuth=} says (want by default: checked when given).
 */
final class Tls {

    private final SslContext context;
    private final boolean client;

    private Tls(SslContext context, boolean client) {
        this.context = context;
        this.client = client;
    }

    /** @return TLS for this side, or null when the options carry no TLS context */
    static Tls of(SocketConfig config, boolean server) {
        if (config.tls == null) {
            return null;
        }
        ClientAuth auth = switch (config.clientAuth) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.OPTIONAL;
            case REQUIRE -> ClientAuth.REQUIRE;
        };
        SslContext context = new JdkSslContext(config.tls, !server, null, IdentityCipherSuiteFilter.INSTANCE,
            ApplicationProtocolConfig.DISABLED, server ? auth : ClientAuth.NONE, null, false);
        return new Tls(context, !server);
    }

    SslHandler handler(Channel ch, SocketConfig config) {
        if (!client) {
            return context.newHandler(ch.alloc());
        }
        SslHandler handler = context.newHandler(ch.alloc(), config.host, config.inetAddress.getPort());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }
}
