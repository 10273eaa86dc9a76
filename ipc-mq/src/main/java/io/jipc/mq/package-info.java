/**
 * Persistent queues on Chronicle Queue: {@link io.jipc.mq.MessageQueue} (append from any process, durable and shared
 * subscriptions with acknowledgement, replay) and the {@code mq:} request/reply {@link io.jipc.Channel} transport.
 */
package io.jipc.mq;
