package io.herald.cep.engine;

import io.herald.cep.plan.Pattern;
import java.util.List;

final class PatternMatcher implements KeyedProcessor {
    PatternMatcher(CompiledRule rule, Pattern pattern, EngineLimits limits) {
        throw new UnsupportedOperationException("patterns are not implemented yet");
    }

    long evictedPartialMatches() {
        return 0;
    }

    @Override
    public void onEvent(String key, Event event, long seq, long watermarkMs, List<Output> out) {}

    @Override
    public void onWatermark(long watermarkMs, List<Output> out) {}

    @Override
    public boolean acceptsLate(long eventTimeMs, long watermarkMs) {
        return false;
    }

    @Override
    public boolean hasKey(String key) {
        return false;
    }

    @Override
    public int keyCount() {
        return 0;
    }

    @Override
    public long stateSize() {
        return 0;
    }
}
