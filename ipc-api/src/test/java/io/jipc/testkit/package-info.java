/** The channel contract, written once and re-run by every backend; the peer programs it starts; test tools (leaks, the wall clock). */
package io.jipc.testkit;
