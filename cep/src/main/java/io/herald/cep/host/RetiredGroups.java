package io.herald.cep.host;

import io.herald.cep.runner.RuleRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Which consumer groups of a rule no runner will use again once the rules topic changes from {@code previous} to
 * {@code wanted}, so that their checkpoints can be deleted: every version's group when the rule is dropped, the
 * groups of the versions before the new one when a new version is deployed (versions only grow: an old version's
 * group never runs again), none for a pause, a resume or a first deploy. Earlier versions are named again each time,
 * so checkpoints a crashed host left behind go with the next change. Pure.
 */
final class RetiredGroups {
    private RetiredGroups() {}

    /**
     * @param previous the rule as the topic held it before, null when it held none
     * @param wanted the rule as the topic holds it now, null when dropped
     */
    static List<String> between(DeployedRule previous, DeployedRule wanted) {
        if (previous == null) {
            return List.of();
        }
        int lastRetired;
        if (wanted == null) {
            lastRetired = previous.version();
        } else if (wanted.version() > previous.version()) {
            lastRetired = wanted.version() - 1;
        } else {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        for (int version = 1; version <= lastRetired; version++) {
            groups.add(RuleRunner.groupId(DeployedRule.withVersion(previous.plan(), version)));
        }
        return groups;
    }
}
