package io.herald.client;

import io.herald.client.internal.CloudEventHeaders;
import io.herald.client.internal.EventMetrics;
import io.herald.client.internal.EventTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the rows of a {@link JdbcOutbox} in id order and deletes each row once the broker has acknowledged its
 * event. A row is deleted only after its acknowledgement, so a crash between the two publishes it again on the next
 * run: delivery is at least once, with the same event id (an inbox downstream removes the duplicate). Several relays
 * may serve one table (one per instance of a service): a run holds the row of {@link JdbcOutbox#relayLockTable()}
 * locked from reading its batch to deleting what was acknowledged, and a relay that finds it locked skips its turn,
 * so rows are published by one relay at a time, once and in order.
 *
 * <p>Order: rows are sent in id order through one idempotent producer ({@code acks=all}, at most 5 requests in flight,
 * which Kafka keeps in order per partition); when a send fails, the rows before it are deleted and it and the rows
 * after it are tried again on the next run. Ids follow insertion, so events of one key stay in order as long as the
 * service writes one key's events from one transaction at a time (a row lock on the aggregate does that). Across
 * keys, a transaction that took a smaller id but commits after a batch was read is published in the next batch, after
 * larger ids: only the relayed rows are deleted, never a range.
 *
 * <p>Thread-safety: {@link #relayOnce()} runs on the caller's thread, {@link #start} runs it on a relay thread; do not
 * mix the two.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcOutbox outbox;
    private final KafkaProducer<String, byte[]> producer;
    private final int batchSize;
    private final EventTracing tracing;
    private final EventMetrics metrics;
    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param outbox the outbox whose rows to publish
     * @param producerProperties at least {@code bootstrap.servers}; idempotence and {@code acks=all} are set here
     * @param batchSize rows read per run
     */
    public OutboxRelay(JdbcOutbox outbox, Map<String, ?> producerProperties, int batchSize) {
        this(outbox, producerProperties, batchSize, GlobalOpenTelemetry.get());
    }

    /**
     * A relay that traces each publish as a {@code send <topic>} span, the child of the span that was current when the
     * row was added.
     *
     * @param outbox the outbox whose rows to publish
     * @param producerProperties at least {@code bootstrap.servers}; idempotence and {@code acks=all} are set here
     * @param batchSize rows read per run
     * @param openTelemetry where the publish spans go
     */
    public OutboxRelay(
            JdbcOutbox outbox, Map<String, ?> producerProperties, int batchSize, OpenTelemetry openTelemetry) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        Map<String, Object> properties = new HashMap<>(producerProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        properties.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        this.outbox = outbox;
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.batchSize = batchSize;
        this.tracing = new EventTracing(openTelemetry);
        this.metrics = new EventMetrics(openTelemetry);
    }

    private record Row(long id, String topic, EventMetadata metadata, byte[] data) {}

    /**
     * Publishes up to one batch of rows and deletes those acknowledged, in one transaction that holds the relay lock;
     * does nothing when another relay of the table holds it.
     *
     * @return how many events were published and deleted (0 when it was another relay's turn)
     * @throws SQLException if the outbox cannot be read or the acknowledged rows cannot be deleted (they are then
     *     published again next time)
     * @throws PublishException if a send failed; the rows acknowledged before it are deleted first
     */
    public int relayOnce() throws SQLException, InterruptedException {
        try (Connection connection = outbox.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Relayed relayed;
            try {
                if (!lockRelay(connection)) {
                    connection.rollback();
                    return 0; // another relay's turn
                }
                relayed = relay(connection);
                connection.commit(); // the deletes, and the end of this relay's turn
            } catch (SQLException | RuntimeException | InterruptedException e) {
                connection.rollback();
                throw e;
            }
            if (relayed.failure() != null) {
                throw relayed.failure();
            }
            return relayed.acknowledged();
        }
    }

    /** What one run did: how many rows it published and deleted, and the send that failed, if one did. */
    private record Relayed(int acknowledged, PublishException failure) {}

    /** Takes this table's relay lock for the transaction, or answers false at once if another relay holds it. */
    private boolean lockRelay(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                        "SELECT id FROM " + outbox.relayLockTable() + " WHERE id = 1 FOR UPDATE SKIP LOCKED");
                ResultSet result = lock.executeQuery()) {
            return result.next();
        } catch (SQLException e) {
            throw new SQLException(
                    "cannot lock " + outbox.relayLockTable() + " (" + e.getMessage() + "); create it with"
                            + " JdbcOutbox.createTableIfMissing, or as CREATE TABLE " + outbox.relayLockTable()
                            + " (id INT PRIMARY KEY) holding one row with id 1",
                    e.getSQLState(),
                    e);
        }
    }

    private Relayed relay(Connection connection) throws SQLException, InterruptedException {
        List<Row> rows = readBatch(connection);
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        for (Row row : rows) {
            long start = metrics.start();
            Span span = tracing.startSend(
                    row.topic(), row.metadata(), row.data().length, EventTracing.contextOf(row.metadata()));
            EventMetadata metadata = tracing.withTraceContextOf(row.metadata(), span);
            ProducerRecord<String, byte[]> record = CloudEventHeaders.toRecord(row.topic(), metadata, row.data());
            sent.add(producer.send(record, (recordMetadata, exception) -> {
                if (exception == null) {
                    EventTracing.sent(span, recordMetadata.partition(), recordMetadata.offset());
                } else {
                    EventTracing.failed(span, exception);
                }
                metrics.sent(row.topic(), metadata.type(), start, exception);
            }));
        }
        List<Long> acknowledged = new ArrayList<>(rows.size());
        PublishException failure = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                sent.get(i).get();
                acknowledged.add(rows.get(i).id());
            } catch (ExecutionException e) {
                failure = new PublishException(
                        "outbox row " + rows.get(i).id() + " (event "
                                + rows.get(i).metadata().id() + ") was not" + " published to "
                                + rows.get(i).topic() + ": " + e.getCause().getMessage(),
                        e.getCause());
                break;
            }
        }
        delete(connection, acknowledged);
        return new Relayed(acknowledged.size(), failure);
    }

    private List<Row> readBatch(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, topic, event_id, source, type,"
                + " event_time, subject, data_content_type, data_schema, partition_key, sequence,"
                + " correlation_id, causation_id, traceparent, tracestate, data FROM " + outbox.table()
                + " ORDER BY id")) {
            select.setMaxRows(batchSize);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(row(result));
                }
            }
        }
        return rows;
    }

    private static Row row(ResultSet result) throws SQLException {
        Timestamp time = result.getTimestamp("event_time");
        Long sequence = result.getLong("sequence");
        if (result.wasNull()) {
            sequence = null;
        }
        EventMetadata metadata = new EventMetadata(
                result.getString("event_id"),
                URI.create(result.getString("source")),
                result.getString("type"),
                time == null ? null : time.toInstant().atOffset(ZoneOffset.UTC),
                result.getString("subject"),
                result.getString("data_content_type"),
                result.getString("data_schema") == null ? null : URI.create(result.getString("data_schema")),
                result.getString("partition_key"),
                sequence,
                result.getString("correlation_id"),
                result.getString("causation_id"),
                result.getString("traceparent"),
                result.getString("tracestate"));
        return new Row(result.getLong("id"), result.getString("topic"), metadata, result.getBytes("data"));
    }

    /**
     * Deletes exactly the rows sent, not every row up to the last: a transaction that took a smaller id may commit
     * after this batch was read, and its row must stay to be published next time.
     */
    private void delete(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM " + outbox.table() + " WHERE id = ?")) {
            for (long id : ids) {
                delete.setLong(1, id);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /**
     * Runs {@link #relayOnce()} on a platform thread {@code herald-outbox-relay-<table>}: again at once while rows keep
     * coming, after {@code idle} when the outbox is empty or a run failed.
     */
    public void start(Duration idle) {
        thread = Thread.ofPlatform()
                .name("herald-outbox-relay-" + outbox.table())
                .daemon()
                .start(() -> {
                    while (!stopping) {
                        try {
                            if (relayOnce() == 0) {
                                Thread.sleep(idle);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (SQLException | RuntimeException e) {
                            log.warn(
                                    "outbox relay of {} failed, retrying in {}: {}",
                                    outbox.table(),
                                    idle,
                                    e.toString());
                            try {
                                Thread.sleep(idle);
                            } catch (InterruptedException interrupted) {
                                return;
                            }
                        }
                    }
                });
    }

    /** Stops the relay thread, if started, after its current run; then closes the producer. */
    @Override
    public void close() {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close();
    }
}
