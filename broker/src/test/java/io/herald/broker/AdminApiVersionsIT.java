package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every advertised version of each admin API, sent raw: the request is understood and the response can be written at
 * that version (a field set where the version lacks it would fail the write and close the connection).
 */
@Timeout(120)
class AdminApiVersionsIT {
    @TempDir
    Path dataDir;

    Broker broker;
    RawKafkaConnection raw;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        raw = new RawKafkaConnection(broker.host(), broker.port());
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        broker.close();
    }

    @Test
    void createTopicsEveryVersion() throws Exception {
        for (short v = 2; v <= 7; v++) {
            CreateTopicsRequestData.CreatableTopicCollection topics =
                    new CreateTopicsRequestData.CreatableTopicCollection();
            topics.add(topic("created-" + v));
            topics.add(topic("bad/" + v));
            var response = (CreateTopicsResponseData) send(v, new CreateTopicsRequestData().setTopics(topics));

            assertThat(response.topics().find("created-" + v).errorCode())
                    .as("v%d", v)
                    .isZero();
            assertThat(response.topics().find("bad/" + v).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
    }

    @Test
    void deleteTopicsEveryVersion() throws Exception {
        for (short v = 1; v <= 6; v++) {
            broker.topics().create("doomed-" + v, 1, (short) 1, Map.of(), false);
            DeleteTopicsRequestData data = new DeleteTopicsRequestData();
            if (v >= 6) {
                data.setTopics(List.of(
                        new DeleteTopicsRequestData.DeleteTopicState().setName("doomed-" + v),
                        new DeleteTopicsRequestData.DeleteTopicState().setName("never-" + v)));
            } else {
                data.setTopicNames(List.of("doomed-" + v, "never-" + v));
            }
            var response = (DeleteTopicsResponseData) send(v, data);

            assertThat(response.responses().find("doomed-" + v).errorCode())
                    .as("v%d", v)
                    .isZero();
            assertThat(response.responses().find("never-" + v).errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    @Test
    void createPartitionsEveryVersion() throws Exception {
        broker.topics().create("grown", 1, (short) 1, Map.of(), false);
        for (short v = 0; v <= 3; v++) {
            CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                    new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic()
                    .setName("grown")
                    .setCount(v + 2)
                    .setAssignments(null));
            var response = (CreatePartitionsResponseData) send(v, new CreatePartitionsRequestData().setTopics(topics));

            assertThat(response.results().get(0).errorCode()).as("v%d", v).isZero();
        }
        assertThat(broker.topics().topic("grown").partitionCount()).isEqualTo(5);
    }

    @Test
    void describeConfigsEveryVersion() throws Exception {
        broker.topics().create("described", 1, (short) 1, Map.of("retention.ms", "1000"), false);
        for (short v = 1; v <= 4; v++) {
            DescribeConfigsRequestData data = new DescribeConfigsRequestData()
                    .setIncludeSynonyms(true)
                    .setIncludeDocumentation(v >= 3)
                    .setResources(List.of(
                            new DescribeConfigsRequestData.DescribeConfigsResource()
                                    .setResourceType(ConfigResource.Type.TOPIC.id())
                                    .setResourceName("described"),
                            new DescribeConfigsRequestData.DescribeConfigsResource()
                                    .setResourceType(ConfigResource.Type.BROKER.id())
                                    .setResourceName(
                                            Integer.toString(broker.config().nodeId()))));
            var response = (DescribeConfigsResponseData) send(v, data);

            assertThat(response.results())
                    .as("v%d", v)
                    .allSatisfy(r -> assertThat(r.errorCode()).isZero());
            assertThat(response.results().get(0).configs()).anySatisfy(c -> {
                assertThat(c.name()).isEqualTo("retention.ms");
                assertThat(c.value()).isEqualTo("1000");
            });
        }
    }

    @Test
    void alterConfigsEveryVersion() throws Exception {
        broker.topics().create("altered", 1, (short) 1, Map.of(), false);
        for (short v = 0; v <= 2; v++) {
            AlterConfigsRequestData.AlterableConfigCollection configs =
                    new AlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new AlterConfigsRequestData.AlterableConfig()
                    .setName("retention.ms")
                    .setValue("100" + v));
            AlterConfigsRequestData.AlterConfigsResourceCollection resources =
                    new AlterConfigsRequestData.AlterConfigsResourceCollection();
            resources.add(new AlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id())
                    .setResourceName("altered")
                    .setConfigs(configs));
            var response = (AlterConfigsResponseData) send(v, new AlterConfigsRequestData().setResources(resources));

            assertThat(response.responses().get(0).errorCode()).as("v%d", v).isZero();
            assertThat(broker.topics().topic("altered").config().value("retention.ms"))
                    .isEqualTo("100" + v);
        }
    }

    @Test
    void incrementalAlterConfigsEveryVersion() throws Exception {
        broker.topics().create("incremented", 1, (short) 1, Map.of(), false);
        for (short v = 0; v <= 1; v++) {
            IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                    new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                    .setName("retention.ms")
                    .setConfigOperation((byte) 0)
                    .setValue("200" + v));
            IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                    new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
            resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id())
                    .setResourceName("incremented")
                    .setConfigs(configs));
            var response = (IncrementalAlterConfigsResponseData)
                    send(v, new IncrementalAlterConfigsRequestData().setResources(resources));

            assertThat(response.responses().get(0).errorCode()).as("v%d", v).isZero();
            assertThat(broker.topics().topic("incremented").config().value("retention.ms"))
                    .isEqualTo("200" + v);
        }
    }

    @Test
    void deleteRecordsEveryVersion() throws Exception {
        broker.topics().create("trimmed", 1, (short) 1, Map.of(), false);
        for (short v = 0; v <= 2; v++) {
            DeleteRecordsRequestData data = new DeleteRecordsRequestData()
                    .setTopics(List.of(new DeleteRecordsRequestData.DeleteRecordsTopic()
                            .setName("trimmed")
                            .setPartitions(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                                    .setPartitionIndex(0)
                                    .setOffset(-1)))));
            var response = (DeleteRecordsResponseData) send(v, data);

            var partition = response.topics().find("trimmed").partitions().find(0);
            assertThat(partition.errorCode()).as("v%d", v).isZero();
            assertThat(partition.lowWatermark()).isZero();
        }
    }

    @Test
    void describeClusterEveryVersion() throws Exception {
        for (short v = 0; v <= 2; v++) {
            var response = (DescribeClusterResponseData)
                    send(v, new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(true));

            assertThat(response.errorCode()).as("v%d", v).isZero();
            assertThat(response.clusterId()).isEqualTo(broker.clusterId());
            assertThat(response.brokers())
                    .singleElement()
                    .satisfies(b -> assertThat(b.port()).isEqualTo(broker.port()));
        }
        var controllers = (DescribeClusterResponseData)
                send((short) 1, new DescribeClusterRequestData().setEndpointType((byte) 2));
        assertThat(controllers.errorCode()).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
    }

    private ApiMessage send(short version, ApiMessage data) throws Exception {
        return raw.<AbstractResponse>send(data, version).data();
    }

    private static CreateTopicsRequestData.CreatableTopic topic(String name) {
        return new CreateTopicsRequestData.CreatableTopic()
                .setName(name)
                .setNumPartitions(1)
                .setReplicationFactor((short) 1);
    }
}
