package io.jipc.manager;

import java.lang.invoke.SerializedLambda;

/**
 * A function argument on its way to the manager: its shape's id (per client), the shape's wire form (sent once per
 * channel), and the lambda with its captured values.
 *
 * @param id     the shape's number in this client
 * @param shape  the shape ({@link io.jipc.internal.Lambdas#shape})
 * @param lambda the lambda, for its captured values
 */
record Shipped(int id, byte[] shape, SerializedLambda lambda) {
}
