/**
 * Not API: jipc's JDK Flight Recorder events, in one place, and {@link io.jipc.internal.jfr.Jfr}, through which
 * every call site records one with one line. The event names ({@code io.jipc.*}) and fields are documented in
 * docs/jfr.md; they cost nothing but a flag test when no recording asks for them.
 */
package io.jipc.internal.jfr;
