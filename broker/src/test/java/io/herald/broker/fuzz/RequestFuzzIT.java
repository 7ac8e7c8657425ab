package io.herald.broker.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.fuzz.SeedFrames.Seed;
import io.herald.broker.fuzz.SeedFrames.SeedTopic;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the Kafka listener of an in-process broker with random and mutated request frames, and checks after each one
 * that the broker either answered with a well-formed response carrying the request's correlation id or closed the
 * connection, exactly as {@link ExpectedExchange} says a Kafka broker must, and never hung; every {@code
 * herald.fuzz.checkEvery} tries, that long-lived clients on other connections still work and the data they produced
 * reads back unchanged ({@link ControlClients}); and that the broker never logged an error or let an exception escape
 * a thread ({@link LogWatch}).
 *
 * <p><b>Inputs.</b> Valid frames for every API the broker advertises (read from its ApiVersions response, so handlers
 * added later are covered without a change here) at every accepted version ({@link SeedFrames}); those frames mutated
 * ({@link FrameMutator}); bodies generated from kafka-clients' request schemas with hostile values and lying lengths,
 * including corrupt record batches ({@link SchemaBodies}, {@link RecordBatches}); unknown API keys and versions;
 * garbage. A try sends one to three frames on a fresh connection, sometimes after a valid ApiVersions so that the
 * frames are judged against {@code socket.request.max.bytes} instead of the first-request cap.
 *
 * <p><b>Running it.</b> By default it makes {@value #DEFAULT_TRIES} tries with seed {@value #DEFAULT_SEED}, under a
 * minute on a CI machine. A long local run: {@code mvn -B -pl broker verify -Dit.test=RequestFuzzIT
 * -Dherald.fuzz.tries=100000 -Dherald.fuzz.seed=random}. The seed is printed at the start and in every failure, with
 * the try number and the frames in hex; the same seed and tries replay the same frames (the broker's state, e.g. how
 * much data the seed topics hold, can still differ between runs).
 */
@Timeout(600)
class RequestFuzzIT {
    static final int DEFAULT_TRIES = 10_000;
    static final long DEFAULT_SEED = 0x5EED_F00DL;
    private static final List<String> CLIENT_IDS =
            java.util.Arrays.asList("fuzz", "", null, "ünïcødé", "c".repeat(300), "rdkafka");

    @TempDir
    Path dataDir;

    Broker broker;
    LogWatch log;

    @BeforeEach
    void start() {
        log = LogWatch.install();
        broker = Broker.start(BrokerConfig.fromProperties(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "num.partitions", "1",
                        "log.flush.policy", "interval", // durability is not what is fuzzed; fsyncs would slow it
                        "auto.create.topics.enable", "true"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        try {
            broker.close();
        } finally {
            log.close();
        }
    }

    @Test
    void randomAndMutatedFramesGetAnAnswerOrACloseAndHurtNoOtherConnection() throws Exception {
        long seed = seed();
        int tries = Integer.getInteger("herald.fuzz.tries", DEFAULT_TRIES);
        int checkEvery = Integer.getInteger("herald.fuzz.checkEvery", 500);
        System.out.printf(
                "RequestFuzzIT: seed=%d tries=%d (replay: -Dherald.fuzz.seed=%d -Dherald.fuzz.tries=%d)%n",
                seed, tries, seed, tries);
        List<SeedTopic> topics = createSeedTopics();
        Map<ApiKeys, short[]> accepted = acceptedVersions();
        SplittableRandom random = new SplittableRandom(seed);
        List<Seed> seeds = SeedFrames.build(accepted, topics, random);
        SchemaBodies bodies = new SchemaBodies(
                random,
                new SchemaBodies.Vocabulary(
                        topics.stream().map(SeedTopic::name).toList(),
                        topics.stream().map(SeedTopic::id).toList()));
        FrameMutator mutator = new FrameMutator(random);
        List<ApiKeys> apis = new ArrayList<>(accepted.keySet());
        InetSocketAddress address = new InetSocketAddress(broker.host(), broker.port());
        int maxRequestBytes = broker.config().socketRequestMaxBytes();
        Map<Exchange.Outcome, Integer> outcomes = new EnumMap<>(Exchange.Outcome.class);
        Map<String, Integer> responses = new TreeMap<>();
        int correlationId = 1;

        try (ControlClients control = new ControlClients(broker)) {
            control.produce(20);
            for (int attempt = 0; attempt < tries; attempt++) {
                ByteWriter stream = new ByteWriter();
                if (random.nextInt(4) == 0) stream.bytes(Frames.withCorrelationId(apiVersions(seeds), correlationId++));
                int frames = random.nextInt(100) < 85 ? 1 : 2;
                for (int f = 0; f < frames; f++) {
                    byte[] frame = switch (random.nextInt(20)) {
                        case 0, 1, 2, 3 -> pick(seeds, random).frame();
                        case 4, 5, 6, 7, 8, 9, 10 ->
                            mutator.mutate(
                                    pick(seeds, random).frame(),
                                    pick(seeds, random).frame());
                        case 11, 12, 13, 14, 15, 16 ->
                            schemaFrame(bodies, apis.get(random.nextInt(apis.size())), accepted, random, correlationId);
                        case 17, 18 -> schemaFrame(bodies, anyApi(random), null, random, correlationId);
                        default -> mutator.randomFrame();
                    };
                    stream.bytes(Frames.withCorrelationId(frame, correlationId++));
                }
                byte[] bytes = stream.toByteArray();
                ExpectedExchange expected = ExpectedExchange.of(bytes, accepted, maxRequestBytes);
                try {
                    outcomes.merge(Exchange.run(address, bytes, expected), 1, Integer::sum);
                } catch (Exchange.Violation v) {
                    fail(
                            "try %d of seed %d: %s%n  frames: %s%n  expected: %s%n  broker log: %s",
                            attempt,
                            seed,
                            v.getMessage(),
                            Frames.hex(bytes, 4096),
                            expected.steps(),
                            log.forbiddenLines());
                }
                for (ExpectedExchange.Step step : expected.steps()) {
                    if (step instanceof ExpectedExchange.Respond r)
                        responses.merge(r.api().name(), 1, Integer::sum);
                }
                assertThat(log.forbiddenLines())
                        .as("broker log after try %d of seed %d", attempt, seed)
                        .isEmpty();
                if ((attempt + 1) % checkEvery == 0) control.check();
            }
            control.check();
        }
        System.out.printf(
                "RequestFuzzIT: %d tries, outcomes %s, responses %s, %d topics, %d refused-frame warnings%n",
                tries, outcomes, responses, broker.topics().topics().size(), log.swallowedWarnings());
        assertThat(log.forbiddenLines()).isEmpty();
    }

    private static long seed() {
        String value = System.getProperty("herald.fuzz.seed", Long.toString(DEFAULT_SEED));
        return value.equals("random") ? System.nanoTime() : Long.parseLong(value);
    }

    private static Seed pick(List<Seed> seeds, SplittableRandom random) {
        return seeds.get(random.nextInt(seeds.size()));
    }

    private static byte[] apiVersions(List<Seed> seeds) {
        return seeds.stream()
                .filter(s -> s.api() == ApiKeys.API_VERSIONS)
                .findFirst()
                .orElseThrow()
                .frame();
    }

    private static ApiKeys anyApi(SplittableRandom random) {
        ApiKeys[] all = ApiKeys.values();
        return all[random.nextInt(all.length)];
    }

    /**
     * A schema-generated body behind a hand-written header: at an accepted version of {@code api}, or at any version
     * (often one kafka-clients does not know) when {@code accepted} is null.
     */
    private static byte[] schemaFrame(
            SchemaBodies bodies,
            ApiKeys api,
            Map<ApiKeys, short[]> accepted,
            SplittableRandom random,
            int correlationId) {
        short version = accepted != null
                ? (short) random.nextInt(accepted.get(api)[0], accepted.get(api)[1] + 1)
                : (short) random.nextInt(-1, api.latestVersion(true) + 3);
        boolean flexible;
        try {
            flexible = api.requestHeaderVersion(version) >= 2;
        } catch (RuntimeException e) {
            flexible = random.nextBoolean();
        }
        String clientId = CLIENT_IDS.get(random.nextInt(CLIENT_IDS.size()));
        byte[] header = Frames.header(api.id, version, correlationId, clientId, flexible);
        return Frames.sizePrefixed(Frames.concat(header, bodies.body(api, version)));
    }

    /** Seed topics with data: plain, compacted (every record is read on append), and timestamp-checked. */
    private List<SeedTopic> createSeedTopics() throws Exception {
        broker.topics().create("seed-plain", 3, (short) -1, Map.of(), false);
        broker.topics().create("seed-compact", 2, (short) -1, Map.of("cleanup.policy", "compact"), false);
        broker.topics()
                .create("seed-strict", 1, (short) -1, Map.of("message.timestamp.before.max.ms", "86400000"), false);
        broker.topics().create(ControlClients.TOPIC, ControlClients.PARTITIONS, (short) -1, Map.of(), false);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 300; i++) {
                for (String topic : List.of("seed-plain", "seed-compact", "seed-strict")) {
                    producer.send(new ProducerRecord<>(topic, "key" + i % 17, "value-" + i));
                }
            }
            producer.flush();
        }
        List<SeedTopic> topics = new ArrayList<>();
        for (String name : List.of("seed-plain", "seed-compact", "seed-strict")) {
            var topic = broker.topics().topic(name);
            topics.add(new SeedTopic(name, topic.id(), topic.partitionCount()));
        }
        return topics;
    }

    /** The broker's advertised APIs, each with the versions it accepts (not below the API's oldest version). */
    private Map<ApiKeys, short[]> acceptedVersions() throws IOException {
        ApiVersionsResponse response = (ApiVersionsResponse) Exchange.roundTrip(
                broker,
                ApiKeys.API_VERSIONS,
                (short) 3,
                new ApiVersionsRequestData()
                        .setClientSoftwareName("herald-fuzz")
                        .setClientSoftwareVersion("1"));
        Map<ApiKeys, short[]> accepted = new EnumMap<>(ApiKeys.class);
        for (ApiVersion range : response.data().apiKeys()) {
            if (!ApiKeys.hasId(range.apiKey())) continue;
            ApiKeys api = ApiKeys.forId(range.apiKey());
            short min = (short) Math.max(range.minVersion(), api.oldestVersion());
            if (min <= range.maxVersion()) accepted.put(api, new short[] {min, range.maxVersion()});
        }
        return accepted;
    }

    // ---- frames claiming sizes the broker must refuse from the size field alone ----

    @Test
    void firstFrameClaiming2GiBIsRefusedBeforeItsBodyIsSent() throws Exception {
        assertClosedAfterSizeField(false, Integer.MAX_VALUE);
        assertBrokerServes();
    }

    @Test
    void firstFrameOverTheFirstRequestCapIsRefusedBeforeItsBodyIsSent() throws Exception {
        assertClosedAfterSizeField(false, ExpectedExchange.FIRST_REQUEST_MAX_BYTES + 1);
        assertBrokerServes();
    }

    @Test
    void laterFrameOverSocketRequestMaxBytesIsRefusedBeforeItsBodyIsSent() throws Exception {
        assertClosedAfterSizeField(true, 100 * 1024 * 1024 + 1);
        assertBrokerServes();
    }

    @Test
    void laterFrameClaiming2GiBIsRefusedBeforeItsBodyIsSent() throws Exception {
        assertClosedAfterSizeField(true, Integer.MAX_VALUE);
        assertBrokerServes();
    }

    @Test
    void negativeFrameSizeIsRefused() throws Exception {
        assertClosedAfterSizeField(false, -1);
        assertBrokerServes();
    }

    /**
     * Sends only a size field, optionally after a valid first request, and never the body: the broker must close the
     * connection on the size alone. Had it accepted the size, it would have allocated the buffer and waited for the
     * body, and the read below would time out instead.
     */
    private void assertClosedAfterSizeField(boolean afterFirstRequest, int size) throws IOException {
        try (Socket socket = new Socket(broker.host(), broker.port())) {
            socket.setSoTimeout(Exchange.READ_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (afterFirstRequest) {
                socket.getOutputStream()
                        .write(Frames.request(
                                ApiKeys.API_VERSIONS,
                                (short) 3,
                                1,
                                "fuzz",
                                new ApiVersionsRequestData()
                                        .setClientSoftwareName("herald-fuzz")
                                        .setClientSoftwareVersion("1")));
                in.readFully(new byte[in.readInt()]);
            }
            socket.getOutputStream().write(ByteBuffer.allocate(4).putInt(size).array());
            try {
                assertThat(in.read())
                        .as("end of stream after a size field of %d", size)
                        .isEqualTo(-1);
            } catch (SocketTimeoutException e) {
                fail("the broker kept a connection open after a size field of %d: it waits for the body", size);
            } catch (SocketException e) {
                // reset: closed
            }
        }
    }

    private void assertBrokerServes() throws IOException {
        ApiVersionsResponse response = (ApiVersionsResponse)
                Exchange.roundTrip(broker, ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData());
        assertThat(response.data().errorCode()).isZero();
        assertThat(log.forbiddenLines()).isEmpty();
    }
}
