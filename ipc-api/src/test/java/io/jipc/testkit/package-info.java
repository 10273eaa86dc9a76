/** The channel contract, written once and re-run by every backend; the peer programs it starts. */
package io.jipc.testkit;
