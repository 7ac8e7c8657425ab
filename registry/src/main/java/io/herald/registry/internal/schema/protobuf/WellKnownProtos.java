package io.herald.registry.internal.schema.protobuf;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files a {@code .proto} may import without a reference, as in Confluent: Google's well-known types
 * ({@code google/protobuf/timestamp.proto}...), read from the copies Square Wire ships, and the other {@code google/}
 * and {@code confluent/} files Confluent's serializers bundle, which are accepted without their types. Thread-safe;
 * each file is parsed once.
 */
final class WellKnownProtos {

    private static final Map<String, Optional<ProtoFileElement>> PARSED = new ConcurrentHashMap<>();

    private WellKnownProtos() {}

    /** Whether {@code path} needs no reference. */
    static boolean isWellKnown(String path) {
        return path.startsWith("google/") || path.startsWith("confluent/");
    }

    /** The parsed file, when the classpath has it (Wire ships {@code google/protobuf/*.proto}). */
    static Optional<ProtoFileElement> file(String path) {
        return PARSED.computeIfAbsent(path, WellKnownProtos::load);
    }

    private static Optional<ProtoFileElement> load(String path) {
        try (InputStream in = ProtoParser.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(ProtoParser.Companion.parse(Location.get(path), text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the classpath", e);
        }
    }
}
