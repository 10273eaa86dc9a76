/** Master/worker over sockets: {@code tcp} (workers may run on other hosts, with a key) and {@code unix}. */
package io.jipc.examples.socket;
