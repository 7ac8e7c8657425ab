package io.herald.cep.engine;

import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;

/**
 * An {@link Event} in a snapshot: topic, partition, offset, event time, record key (nullable), then the fields in
 * their iteration order (a restored event iterates its fields as the original did, so {@code SELECT *} rows come out
 * in the same column order). Stateless.
 */
final class EventCodec {
    private EventCodec() {}

    static void write(SnapshotWriter out, Event e) {
        out.writeString(e.topic());
        out.writeInt(e.partition());
        out.writeLong(e.offset());
        out.writeLong(e.eventTimeMs());
        out.writeString(e.key());
        out.writeMap(e.fields());
    }

    static Event read(SnapshotReader in) {
        String topic = in.readString();
        int partition = in.readInt();
        long offset = in.readLong();
        long eventTimeMs = in.readLong();
        String key = in.readString();
        return new Event(topic, partition, offset, eventTimeMs, key, in.readMap());
    }
}
