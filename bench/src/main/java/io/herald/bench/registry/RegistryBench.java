package io.herald.bench.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registration and lookup rates of a Confluent-compatible schema registry, over its REST API with {@code --clients}
 * concurrent HTTP clients (virtual threads, one keep-alive connection pool):
 *
 * <ul>
 *   <li>{@code register}: POST /subjects/{s}/versions of {@code --schemas} distinct Avro records, each under its own
 *       subject (every one a new schema: parse, compatibility check against nothing, a durable write to _schemas);
 *   <li>{@code lookup-id}: GET /schemas/ids/{id} of random registered ids (what a deserializer asks on a cache miss);
 *   <li>{@code lookup-schema}: POST /subjects/{s} with a registered schema (what a serializer asks to find its id).
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.herald.bench.registry.RegistryBench --url http://127.0.0.1:8081 \
 *     [--schemas 2000] [--lookups 50000] [--clients 8]
 * </pre>
 */
public final class RegistryBench {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger retriedPosts = new AtomicInteger();
    private final String url;

    private RegistryBench(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of(
                "--schemas",
                "2000",
                "--lookups",
                "50000",
                "--clients",
                "8",
                "--run",
                Long.toString(System.nanoTime())));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--url") && !options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        if (options.get("--url") == null) throw new IllegalArgumentException("--url is required");
        int schemas = Integer.parseInt(options.get("--schemas"));
        int lookups = Integer.parseInt(options.get("--lookups"));
        int clients = Integer.parseInt(options.get("--clients"));
        String run = options.get("--run");
        RegistryBench bench = new RegistryBench(options.get("--url"));

        int[] ids = new int[schemas];
        long start = System.nanoTime();
        bench.parallel(schemas, clients, i -> ids[i] = bench.register(subject(run, i), schema(run, i)));
        bench.report("register", schemas, clients, start);

        start = System.nanoTime();
        bench.parallel(
                lookups,
                clients,
                i -> bench.get("/schemas/ids/" + ids[ThreadLocalRandom.current().nextInt(schemas)]));
        bench.report("lookup-id", lookups, clients, start);

        start = System.nanoTime();
        bench.parallel(lookups, clients, i -> {
            int s = ThreadLocalRandom.current().nextInt(schemas);
            bench.post("/subjects/" + subject(run, s), body(schema(run, s)));
        });
        bench.report("lookup-schema", lookups, clients, start);
    }

    private static String subject(String run, int i) {
        return "bench-" + run + "-" + i + "-value";
    }

    private static String schema(String run, int i) {
        return "{\"type\":\"record\",\"name\":\"R" + i + "\",\"namespace\":\"bench.r" + run + "\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"},"
                + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    }

    private static String body(String schema) {
        return "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";
    }

    private void report(String phase, int requests, int clients, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(
                "phase=%s requests=%d clients=%d elapsed_s=%.3f requests_per_s=%.0f posts_retried_so_far=%d%n",
                phase, requests, clients, seconds, requests / seconds, retriedPosts.get());
    }

    private interface Step {
        void run(int i) throws Exception;
    }

    /** Runs steps 0..n-1 on {@code clients} virtual threads, each taking the next index; fails on any failure. */
    private void parallel(int n, int clients, Step step) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) step.run(i);
                    return null;
                }));
            }
            for (Future<?> worker : workers) worker.get();
        }
    }

    private int register(String subject, String schema) throws Exception {
        String answer = post("/subjects/" + subject + "/versions", body(schema));
        Matcher id = ID.matcher(answer);
        if (!id.find()) throw new IllegalStateException("no id in " + answer);
        return Integer.parseInt(id.group(1));
    }

    private String get(String path) throws Exception {
        return check(
                path,
                http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), ofString()));
    }

    private String post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return check(path, http.send(request, ofString()));
        } catch (java.io.IOException e) {
            // the JDK client now and then loses a POST on a reused connection (JDK-8357639) and retries only GETs:
            // sent once more, as the SDK's registry client does, and counted
            retriedPosts.incrementAndGet();
            return check(path, http.send(request, ofString()));
        }
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static String check(String path, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
