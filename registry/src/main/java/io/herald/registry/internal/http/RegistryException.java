package io.herald.registry.internal.http;

/**
 * A request the registry refuses, with Confluent's error code; the HTTP status is the code's first three digits. Made
 * only through {@link RegistryErrors}, the one table of codes.
 */
public final class RegistryException extends RuntimeException {

    private final int errorCode;

    RegistryException(int errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    /** Confluent's {@code error_code}, e.g. 40401. */
    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status: 404 for 40401, 409 for 409. */
    public int httpStatus() {
        return errorCode < 1000 ? errorCode : errorCode / 100;
    }
}
