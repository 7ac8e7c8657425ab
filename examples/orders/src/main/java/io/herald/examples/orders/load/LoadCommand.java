package io.herald.examples.orders.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Starts a load on a running Order service: {@code LoadCommand http://localhost:8080 200} sends {@code POST /api/load
 * {"count": 200, "fraudBurst": true}} and prints the answer (the run's id and the burst's user). For the demo script,
 * which should not need curl.
 */
public final class LoadCommand {
    private LoadCommand() {}

    /** Arguments: the Order service's base URL, then the number of normal orders. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LoadCommand <order service URL, e.g. http://localhost:8080> <count>");
            System.exit(2);
        }
        int count = Integer.parseInt(args[1]);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(args[0] + "/api/load"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"count\":" + count + ",\"fraudBurst\":true}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println("load: " + response.statusCode() + " " + response.body());
        if (response.statusCode() != 202) {
            System.exit(1);
        }
    }
}
