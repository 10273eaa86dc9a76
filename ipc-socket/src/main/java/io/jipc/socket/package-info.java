/** Unix-domain and TCP socket channels on Netty: framing, handshake, authentication, TLS. */
package io.jipc.socket;
