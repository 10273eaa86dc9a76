/** Child JVMs: start them with the parent's class path and the options our dependencies need, talk to them, reap them. */
package io.jipc.process;
