/** Channels between processes, chosen by endpoint URI: the one API every jipc backend implements. */
package io.jipc;
