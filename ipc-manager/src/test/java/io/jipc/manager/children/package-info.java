/** Programs the manager's tests run in child JVMs, and the user objects they share. */
package io.jipc.manager.children;
