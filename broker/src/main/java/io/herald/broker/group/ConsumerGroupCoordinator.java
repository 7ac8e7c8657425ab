package io.herald.broker.group;

import io.herald.broker.group.consumer.ConsumerGroup;
import io.herald.broker.group.consumer.ConsumerGroupConfig;
import io.herald.broker.group.consumer.HeartbeatRequestValidator;
import io.herald.broker.group.consumer.TopicView;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * The consumer group protocol (KIP-848) on this broker: routes ConsumerGroupHeartbeat to the {@link ConsumerGroup} of
 * its id, creating it on first contact, and keeps one timer per group at the group's next deadline (session expiry,
 * revocation timeout). The protocol's rules live in {@link ConsumerGroup}.
 *
 * <p>Thread-safety: every method runs under the coordinator's lock; the timer task takes it.
 */
final class ConsumerGroupCoordinator {
    private final Map<String, ConsumerGroup> groups;
    private final ConsumerGroupConfig config;
    private final TopicView topics;
    private final GroupTimer timer;
    private final Clock clock;
    private final Lock lock;

    ConsumerGroupCoordinator(
            Map<String, ConsumerGroup> groups,
            ConsumerGroupConfig config,
            TopicView topics,
            GroupTimer timer,
            Clock clock,
            Lock lock) {
        this.groups = groups;
        this.config = config;
        this.topics = topics;
        this.timer = timer;
        this.clock = clock;
        this.lock = lock;
    }

    /** Checks a heartbeat before any group is looked at: an invalid request must not create one. */
    ApiError validate(ConsumerGroupHeartbeatRequestData request, short version) {
        return HeartbeatRequestValidator.validate(request, version, config);
    }

    ConsumerGroupHeartbeatResponseData heartbeat(
            String clientId, String clientHost, short version, ConsumerGroupHeartbeatRequestData request) {
        ConsumerGroup group = groups.computeIfAbsent(request.groupId(), id -> new ConsumerGroup(id, config));
        ConsumerGroupHeartbeatResponseData response =
                group.heartbeat(request, version, clientId, clientHost, topics, clock.millis());
        if (group.isEmpty() && group.groupEpoch() == 0) {
            groups.remove(group.groupId()); // a join that failed leaves no trace
        } else {
            scheduleExpiry(group);
        }
        return response;
    }

    DescribedGroup describe(ConsumerGroup group, boolean includeAuthorizedOperations) {
        return group.describe(topics, includeAuthorizedOperations).setErrorCode(Errors.NONE.code());
    }

    void onDeleted(ConsumerGroup group) {
        timer.cancel(timerKey(group.groupId()));
    }

    private void scheduleExpiry(ConsumerGroup group) {
        String groupId = group.groupId();
        long deadline = group.nextDeadlineMs();
        if (deadline == Long.MAX_VALUE) {
            timer.cancel(timerKey(groupId));
            return;
        }
        timer.schedule(timerKey(groupId), deadline - clock.millis(), () -> {
            lock.lock();
            try {
                ConsumerGroup current = groups.get(groupId);
                if (current == null) return;
                current.expire(clock.millis());
                scheduleExpiry(current);
            } finally {
                lock.unlock();
            }
        });
    }

    private static String timerKey(String groupId) {
        return "consumer-group:" + groupId;
    }
}
