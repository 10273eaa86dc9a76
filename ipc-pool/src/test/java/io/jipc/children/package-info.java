/** Code the pool tests run in workers from outside the pool's package, to test the allow-list. */
package io.jipc.children;
