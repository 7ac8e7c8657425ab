package io.herald.broker.group.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRegularExpression;

/**
 * Members' subscriptions resolved against the topics of one {@link TopicView}: explicit topic names, plus every topic
 * a member's {@code SubscribedTopicRegex} matches in full. Made afresh for each call of the group, so a new topic, a
 * deleted one or a partition count change is seen at the next heartbeat.
 *
 * <p><b>Regular expressions.</b> Kafka compiles them with RE2J; Herald with {@link java.util.regex}. The syntax of
 * common patterns ({@code orders\..*}, {@code (a|b)-[0-9]+}) is the same. java.util.regex also accepts backreferences
 * and lookaround, which Kafka refuses with INVALID_REGULAR_EXPRESSION, and, unlike RE2J, can backtrack exponentially:
 * each match of one topic name may read at most {@link #readBudget} characters, and a regex that exceeds it is refused
 * when a member subscribes with it, and matches nothing if a later topic name trips it.
 */
final class SubscribedTopics {
    private final TopicView topics;
    private final Map<String, SortedSet<String>> resolvedRegexes = new HashMap<>();

    SubscribedTopics(TopicView topics) {
        this.topics = topics;
    }

    /** Throws INVALID_REGULAR_EXPRESSION unless {@code regex} compiles and can be matched against every topic. */
    void throwIfInvalid(String regex) {
        try {
            resolvedRegexes.put(regex, resolve(regex));
        } catch (PatternSyntaxException e) {
            throw new InvalidRegularExpression(String.format(
                    "SubscribedTopicRegex `%s` is not a valid regular expression: %s.", regex, e.getDescription()));
        } catch (ReadBudgetExceeded e) {
            throw new InvalidRegularExpression(String.format(
                    "SubscribedTopicRegex `%s` needs too much backtracking to match topic `%s`; use a simpler "
                            + "expression.",
                    regex, e.topicName));
        }
    }

    /** The topic names {@code member} subscribes to: its names (existing or not) and the topics its regex matches. */
    SortedSet<String> topicNames(MemberMetadata member) {
        SortedSet<String> names = new TreeSet<>(member.subscribedTopicNames());
        if (member.hasSubscribedTopicRegex()) names.addAll(regexTopics(member.subscribedTopicRegex()));
        return names;
    }

    /** The ids of the existing topics {@code member} subscribes to. */
    Set<Uuid> topicIds(MemberMetadata member) {
        Set<Uuid> ids = new HashSet<>();
        for (String name : topicNames(member)) {
            Uuid id = topics.topicId(name);
            if (id != null) ids.add(id);
        }
        return ids;
    }

    /** Every topic name some member subscribes to, existing or not. */
    SortedSet<String> topicNames(Collection<ConsumerGroupMember> members) {
        SortedSet<String> names = new TreeSet<>();
        members.forEach(member -> names.addAll(topicNames(member.metadata())));
        return names;
    }

    /** Id and partition count of each of {@code topicNames} that exists. */
    SortedMap<String, TopicMetadata> metadata(Collection<String> topicNames) {
        SortedMap<String, TopicMetadata> metadata = new TreeMap<>();
        for (String name : topicNames) {
            Uuid id = topics.topicId(name);
            if (id != null) metadata.put(name, new TopicMetadata(id, topics.partitionCount(name)));
        }
        return metadata;
    }

    /** The regexes resolved by this instance so far, with the topics each matched. */
    Map<String, SortedSet<String>> resolvedRegexes() {
        return resolvedRegexes;
    }

    private SortedSet<String> regexTopics(String regex) {
        return resolvedRegexes.computeIfAbsent(regex, r -> {
            try {
                return resolve(r);
            } catch (PatternSyntaxException | ReadBudgetExceeded e) {
                return new TreeSet<>();
            }
        });
    }

    private SortedSet<String> resolve(String regex) {
        Pattern pattern = Pattern.compile(regex);
        SortedSet<String> matched = new TreeSet<>();
        for (String name : topics.topicNames()) {
            if (pattern.matcher(new BoundedName(name)).matches()) matched.add(name);
        }
        return matched;
    }

    /** How many characters one match of {@code topicName} may read: far above any linear-time match. */
    static int readBudget(String topicName) {
        return 10_000 + 100 * topicName.length();
    }

    /** A topic's id and partition count as the group last saw them; a change bumps the group epoch. */
    record TopicMetadata(Uuid topicId, int partitionCount) {}

    private static final class ReadBudgetExceeded extends RuntimeException {
        private final String topicName;

        ReadBudgetExceeded(String topicName) {
            super(null, null, false, false);
            this.topicName = topicName;
        }
    }

    /** A topic name that stops the matcher once it has read {@link #readBudget} characters. */
    private static final class BoundedName implements CharSequence {
        private final String name;
        private int reads;

        BoundedName(String name) {
            this.name = name;
        }

        @Override
        public char charAt(int index) {
            if (++reads > readBudget(name)) throw new ReadBudgetExceeded(name);
            return name.charAt(index);
        }

        @Override
        public int length() {
            return name.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return name.subSequence(start, end);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
