/** What a backend implements to plug into jipc: transports found through {@link java.util.ServiceLoader}. */
package io.jipc.spi;
