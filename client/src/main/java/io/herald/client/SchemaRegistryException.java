package io.herald.client;

/**
 * A schema registry refused a request or could not be reached. The message names the registry's URL, the subject (when
 * there is one), and the registry's Confluent error code and message, for example {@code 409 (incompatible schema)},
 * {@code 40401} (subject not found), {@code 40403} (schema not found).
 */
public final class SchemaRegistryException extends RuntimeException {
    /** The error code of a registry that could not be reached or answered something that is not an error body. */
    public static final int NO_ERROR_CODE = -1;

    private final String url;
    private final String subject;
    private final int errorCode;

    /**
     * @param message what failed, with URL, subject and the registry's answer
     * @param url the URL asked
     * @param subject the subject, or null
     * @param errorCode Confluent's {@code error_code}, or {@link #NO_ERROR_CODE}
     * @param cause the I/O failure, or null
     */
    public SchemaRegistryException(String message, String url, String subject, int errorCode, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.subject = subject;
        this.errorCode = errorCode;
    }

    /** The URL asked. */
    public String url() {
        return url;
    }

    /** The subject, or null when the request had none (a schema by id). */
    public String subject() {
        return subject;
    }

    /** Confluent's {@code error_code} ({@code 40401}, {@code 40403}, {@code 409}...), or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the registry said the subject or the schema does not exist (40401, 40402, 40403). */
    public boolean isNotFound() {
        return errorCode == 40401 || errorCode == 40402 || errorCode == 40403;
    }
}
