package io.herald.server.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.server.CommandFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The schema a command sends: a file, its type ({@code --type}, else from the file's extension: {@code .avsc} Avro,
 * {@code .json} JSON Schema, {@code .proto} Protobuf) and its references ({@code --reference name=subject:version}).
 */
final class SchemaFile {
    @Option(names = "--schema", paramLabel = "FILE", required = true, description = "The schema file.")
    private Path file;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "AVRO, JSON or PROTOBUF (default: from the extension .avsc, .json, .proto; else AVRO).")
    private String type;

    @Option(
            names = "--reference",
            paramLabel = "NAME=SUBJECT:VERSION",
            description = "A schema this one refers to, as registered (repeatable).")
    private List<String> references = List.of();

    /** The registry's request body: {@code schema}, {@code schemaType} (left out for Avro), {@code references}. */
    ObjectNode requestBody() {
        ObjectNode body = RegistryHttp.json().createObjectNode();
        body.put("schema", text());
        String schemaType = schemaType();
        if (!schemaType.equals("AVRO")) body.put("schemaType", schemaType);
        if (!references.isEmpty()) {
            ArrayNode refs = body.putArray("references");
            for (String reference : references) refs.add(reference(reference));
        }
        return body;
    }

    private String text() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("--schema " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandFailedException("--schema " + file + ": cannot read it (" + e + ")");
        }
    }

    private String schemaType() {
        if (type != null) {
            String upper = type.toUpperCase(Locale.ROOT);
            if (!List.of("AVRO", "JSON", "PROTOBUF").contains(upper)) {
                throw new CommandFailedException("--type must be AVRO, JSON or PROTOBUF, was " + type);
            }
            return upper;
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) return "JSON";
        if (name.endsWith(".proto")) return "PROTOBUF";
        return "AVRO";
    }

    private static ObjectNode reference(String text) {
        int eq = text.indexOf('=');
        int colon = text.lastIndexOf(':');
        if (eq <= 0 || colon <= eq + 1 || colon == text.length() - 1) {
            throw new CommandFailedException("--reference must be NAME=SUBJECT:VERSION, was " + text);
        }
        ObjectNode ref = RegistryHttp.json().createObjectNode();
        ref.put("name", text.substring(0, eq));
        ref.put("subject", text.substring(eq + 1, colon));
        try {
            ref.put("version", Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new CommandFailedException("--reference " + text + ": the version must be a number");
        }
        return ref;
    }
}
