/** A Java master and workers written in Python from docs/PROTOCOL.md, over pipes. */
package io.jipc.examples.python;
