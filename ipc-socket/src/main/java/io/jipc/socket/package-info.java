/** Unix-domain and TCP socket channels on Netty (coming: see the socket backend issue). */
package io.jipc.socket;
