/**
 * Not API: the plumbing jipc's own modules share (process identity and watches, a child's standard streams, its
 * bootstrap, the core JVM options). It may change in any release; applications must not use it.
 */
package io.jipc.internal;
