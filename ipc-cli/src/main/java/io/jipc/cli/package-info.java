/** The {@code jipc} command-line tool: see what jipc objects exist, what is inside them, and remove what the dead left. */
package io.jipc.cli;
