/** Persistent queues on Chronicle Queue (coming: see the queue backend issue). */
package io.jipc.mq;
