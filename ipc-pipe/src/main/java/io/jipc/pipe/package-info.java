/** Channels over anonymous pipes between a parent JVM and a child it started: handshake and length-prefixed frames. */
package io.jipc.pipe;
