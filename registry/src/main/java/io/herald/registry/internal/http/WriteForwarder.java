package io.herald.registry.internal.http;

import io.herald.registry.internal.election.WriterElection;
import io.herald.registry.internal.store.SchemasTopic;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Sends the writes that reach an instance which is not the writer to the one that is, as Confluent's followers do,
 * and answers with the writer's answer. Once the writer answered, this instance catches up with the topic, so a client
 * reads its write here too. A forwarded request is marked and never forwarded again (50004 instead), so a change of
 * writer cannot make requests loop. A request that got no answer is sent once more unless it is a delete
 * ({@link WriterClient} says why).
 *
 * <p>Thread-safety: stateless apart from the thread-safe HTTP client.
 */
final class WriteForwarder {

    static final String FORWARDED_HEADER = WriterClient.FORWARDED_HEADER;
    private static final Pattern REGISTER = Pattern.compile("^/subjects/[^/]+/versions/?$");

    private final WriterElection election;
    private final SchemasTopic topic;
    private final WriterClient writerClient = new WriterClient(Duration.ofSeconds(5), Duration.ofSeconds(30));

    WriteForwarder(WriterElection election, SchemasTopic topic) {
        this.election = election;
        this.topic = topic;
    }

    /** Whether the request changes the registry: a registration, a delete, a config or mode change. */
    static boolean isWrite(Context ctx) {
        return switch (ctx.method().name()) {
            case "POST" -> REGISTER.matcher(ctx.path()).matches();
            case "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** Forwards a write when this instance is not the writer; returns whether it did (the answer is then set). */
    boolean forwardIfNotWriter(Context ctx) throws InterruptedException {
        if (!isWrite(ctx) || election.isWriter()) {
            return false;
        }
        if (ctx.header(FORWARDED_HEADER) != null) {
            throw unknownWriter();
        }
        Optional<URI> writer = election.writerUrl();
        if (writer.isPresent() && writer.get().equals(election.url())) {
            // the group assigned this instance already; its assignment callback is about to run
            if (election.awaitWriter(Duration.ofSeconds(5))) {
                return false;
            }
            throw unknownWriter();
        }
        if (writer.isEmpty()) {
            throw unknownWriter();
        }
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        URI target = writer.get().resolve(ctx.path() + query);
        String contentType = ctx.contentType() == null ? Exchange.CONTENT_TYPE : ctx.contentType();
        HttpResponse<byte[]> response = writerClient.send(target, ctx.method().name(), contentType, ctx.bodyAsBytes());
        try {
            topic.catchUp();
        } catch (TimeoutException e) {
            throw RegistryErrors.timeout(e.getMessage());
        }
        ctx.status(response.statusCode())
                .contentType(response.headers().firstValue("Content-Type").orElse(Exchange.CONTENT_TYPE))
                .result(response.body());
        return true;
    }

    private static RegistryException unknownWriter() {
        return RegistryErrors.notWriter();
    }
}
