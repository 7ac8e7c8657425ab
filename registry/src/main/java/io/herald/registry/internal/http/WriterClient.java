package io.herald.registry.internal.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends a forwarded write to the writer, and sends it once more when the first attempt got no answer, unless it is a
 * delete.
 *
 * <p>Why once more: the JDK client may lose a request on a pooled connection without the writer's fault (JDK-8338569,
 * JDK-8357639: the pool closes a connection it has just handed out, "header parser received no bytes"), and it
 * retries only GETs by itself. A registration and a config or mode PUT may safely go twice: registering a schema the
 * subject already has answers the same id and version, and putting a config or mode twice leaves the same state and
 * the same answer.
 *
 * <p>Why not a delete: it is not answered the same twice. The second soft delete of a version answers 40406, of a
 * subject 40404, a second permanent delete 40402/40401, a second {@code DELETE /config/{s}} 40408; worse, a second
 * {@code DELETE .../versions/latest} would delete the version before it. Whether the first attempt was applied cannot
 * be told from here (the writer may have applied it and lost only the answer), and rebuilding its answer from the
 * state would answer success for another client's delete. So a delete that got no answer answers 50003, saying that
 * it was not sent again and how to see whether it was applied.
 *
 * <p>A timeout is not retried either: the writer was reached and is slow. Thread-safety: stateless apart from the
 * thread-safe HTTP client.
 */
final class WriterClient {

    static final String FORWARDED_HEADER = "X-Herald-Forwarded";

    private final HttpClient http;
    private final Duration requestTimeout;

    WriterClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * @param target the writer's URL with the request's path and query
     * @throws RegistryException 50003 when the writer did not answer (twice, or once for a delete)
     */
    HttpResponse<byte[]> send(URI target, String method, String contentType, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Content-Type", contentType)
                .header(FORWARDED_HEADER, "true")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw notAnswered(method, target, e, "");
        } catch (IOException first) {
            if (method.equals("DELETE")) {
                throw notAnswered(
                        method,
                        target,
                        first,
                        "; it was not sent again, as a second delete is not answered the same: read the subject"
                                + " (with deleted=true) to see whether it was applied");
            }
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException second) {
                second.addSuppressed(first);
                throw notAnswered(method, target, second, ", twice");
            }
        }
    }

    private static RegistryException notAnswered(String method, URI target, IOException e, String detail) {
        return RegistryErrors.forwardingFailed(method + " " + target + " got no answer (" + e + ")" + detail);
    }
}
