/** Main classes the pipe tests run in child JVMs, each misbehaving in one specific way. */
package io.jipc.pipe.children;
