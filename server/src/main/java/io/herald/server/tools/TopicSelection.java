package io.herald.server.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --topic} of {@code herald groups reset}: {@code TOPIC} for all its partitions, or
 * {@code TOPIC:PARTITION,PARTITION...} as {@code kafka-consumer-groups} takes it. Kafka topic names cannot contain
 * {@code :}, so the first one separates the partitions.
 *
 * @param partitions the partitions named, in the order given; empty for all of the topic's partitions
 */
record TopicSelection(String topic, List<Integer> partitions) {

    TopicSelection {
        partitions = List.copyOf(partitions);
    }

    /** Parses {@code --topic TEXT}; an {@link IllegalArgumentException} names what is wrong and the form to use. */
    static TopicSelection parse(String text) {
        int colon = text.indexOf(':');
        String topic = colon < 0 ? text : text.substring(0, colon);
        if (topic.isEmpty()) {
            throw new IllegalArgumentException(
                    "--topic must be TOPIC or TOPIC:PARTITION,PARTITION... such as orders:0,1, was '" + text + "'");
        }
        if (colon < 0) return new TopicSelection(topic, List.of());
        List<Integer> partitions = new ArrayList<>();
        for (String part : text.substring(colon + 1).split(",", -1)) {
            partitions.add(partition(text, part.strip()));
        }
        return new TopicSelection(topic, partitions);
    }

    private static int partition(String text, String part) {
        int partition;
        try {
            partition = Integer.parseInt(part);
        } catch (NumberFormatException e) {
            partition = -1;
        }
        if (partition < 0 || part.startsWith("+")) {
            throw new IllegalArgumentException("--topic " + text + ": '" + part + "' is not a partition number; write"
                    + " the partitions after the colon, separated by commas, such as orders:0,1");
        }
        return partition;
    }
}
