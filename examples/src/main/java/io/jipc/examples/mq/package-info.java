/** Master and workers over persistent queues: competing workers, a killed worker and a restarted master lose nothing. */
package io.jipc.examples.mq;
