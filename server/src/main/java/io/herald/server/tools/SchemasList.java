package io.herald.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald schemas list}: the subjects with their versions and the latest version's id and type. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists subjects: SUBJECT VERSIONS LATEST-ID TYPE.")
final class SchemasList implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SchemaRegistryOptions registry;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only subjects that start with PREFIX.")
    private String prefix;

    @Option(names = "--deleted", description = "Include soft-deleted subjects and versions.")
    private boolean deleted;

    @Override
    public Integer call() throws InterruptedException {
        RegistryHttp http = registry.registry();
        List<String> query = new ArrayList<>();
        if (deleted) query.add("deleted=true");
        if (prefix != null) query.add("subjectPrefix=" + RegistryHttp.segment(prefix));
        String suffix = query.isEmpty() ? "" : "?" + String.join("&", query);
        TextTable table = new TextTable("SUBJECT", "VERSIONS", "LATEST-ID", "TYPE");
        for (JsonNode subjectNode : http.get("/subjects" + suffix)) {
            String subject = subjectNode.asText();
            String path = "/subjects/" + RegistryHttp.segment(subject);
            List<String> versions = new ArrayList<>();
            for (JsonNode v : http.get(path + "/versions" + (deleted ? "?deleted=true" : ""))) {
                versions.add(v.asText());
            }
            JsonNode latest = http.get(path + "/versions/latest" + (deleted ? "?deleted=true" : ""));
            table.row(
                    subject,
                    String.join(",", versions),
                    latest.path("id").asText(),
                    latest.path("schemaType").asText("AVRO"));
        }
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
        out.flush();
        return 0;
    }
}
