/** Child JVMs the tool's tests inspect: processes holding locks and permits, a channel's far end. */
package io.jipc.cli.children;
