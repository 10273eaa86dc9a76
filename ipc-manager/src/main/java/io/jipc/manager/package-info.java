/** Managers: named maps, lists, queues, namespaces and user objects that one process serves and many use through proxies. */
package io.jipc.manager;
