/** Typed messages: codecs that turn objects into bytes and back, and a typed view of any channel. */
package io.jipc.codec;
