/**
 * What a backend implements to plug into jipc, found through {@link java.util.ServiceLoader}: transports by URI
 * scheme, lock and semaphore providers, and the JVM options child JVMs need.
 */
package io.jipc.spi;
