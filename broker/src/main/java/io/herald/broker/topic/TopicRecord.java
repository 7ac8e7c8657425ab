package io.herald.broker.topic;

import io.herald.log.StorageException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * What the metadata log keeps about one topic: its id, partition count and config overrides. Stored as the value of a
 * record keyed by the topic name, in {@code java.util.Properties} text (readable with kafka-dump-log --print-data-log):
 * {@code id}, {@code partitions}, and one {@code config.<name>} line per override.
 */
record TopicRecord(String name, Uuid id, int partitions, Map<String, String> configs) {
    private static final String CONFIG_PREFIX = "config.";

    TopicRecord {
        configs = Map.copyOf(configs);
    }

    byte[] key() {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    byte[] value() {
        Properties p = new Properties();
        p.setProperty("id", id.toString());
        p.setProperty("partitions", Integer.toString(partitions));
        configs.forEach((k, v) -> p.setProperty(CONFIG_PREFIX + k, v));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static TopicRecord parse(String name, byte[] value) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(value, StandardCharsets.UTF_8)));
            Map<String, String> configs = new TreeMap<>();
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith(CONFIG_PREFIX)) configs.put(k.substring(CONFIG_PREFIX.length()), p.getProperty(k));
            }
            return new TopicRecord(
                    name, Uuid.fromString(p.getProperty("id")), Integer.parseInt(p.getProperty("partitions")), configs);
        } catch (IOException | RuntimeException e) {
            throw new StorageException(
                    "the metadata record of topic " + name + " cannot be read: " + e.getMessage()
                            + "; the metadata log is damaged",
                    e);
        }
    }
}
