/** Mains the socket tests run in child JVMs: clients, servers, misbehaving peers. */
package io.jipc.socket.children;
