package io.jipc.mq;

/** stub */
public final class MqTransport {
    static final String SCHEME = "mq";
}
