package io.jipc.manager;

/**
 * A request the manager refuses before or around running it, with the reply status that says so
 * ({@link ManagerProtocol#CODEC}, {@link ManagerProtocol#NO_LAMBDA}, {@link ManagerProtocol#FAILED}); never an
 * exception the object threw. Carries no stack trace: it travels as text.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final byte status;

    Refusal(byte status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static Refusal failed(String message) {
        return new Refusal(ManagerProtocol.FAILED, message);
    }
}
