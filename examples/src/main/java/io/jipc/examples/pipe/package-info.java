/** Master and workers over pipes: the master starts worker JVMs and talks to each through its stdin and stdout. */
package io.jipc.examples.pipe;
