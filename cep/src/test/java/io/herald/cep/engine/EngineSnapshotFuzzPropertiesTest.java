package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.engine.WindowEnginePropertiesTest.Input;
import io.herald.cep.engine.snapshot.CorruptSnapshotException;
import io.herald.cep.plan.Rule;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The snapshot decoder on damaged bytes: a damaged or cut snapshot is refused by its checksum; bytes with a valid
 * checksum but a damaged body (a writer's bug) restore or are refused with {@link CorruptSnapshotException} or {@link
 * SnapshotMismatchException}: no other exception and no error (a damaged count must not allocate without bound)
 * escapes the decoder.
 */
class EngineSnapshotFuzzPropertiesTest {

    @Property(tries = 300)
    void damagedOrCutSnapshotsAreRefusedByTheirChecksum(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = WindowEnginePropertiesTest.randomRule(random, "");
        byte[] snapshot = snapshotOf(rule, random);
        byte[] damaged = random.nextBoolean()
                ? Arrays.copyOf(snapshot, random.nextInt(snapshot.length))
                : flipSomeBytes(snapshot, random, 8);

        assertThatThrownBy(() -> RuleEngine.restore(rule, EngineLimits.DEFAULT, damaged))
                .isInstanceOf(CorruptSnapshotException.class);
    }

    @Property(tries = 1000)
    void aDamagedBodyWithAValidChecksumIsRestoredOrRefusedCleanly(@ForAll long seed) {
        Random random = new Random(seed);
        Rule rule = random.nextBoolean()
                ? WindowEnginePropertiesTest.randomRule(random, "")
                : PatternEnginePropertiesTest.randomRule(random);
        byte[] snapshot = snapshotOf(rule, random);
        byte[] body = Arrays.copyOf(snapshot, snapshot.length - 4);
        byte[] damaged = SnapshotHeader.withChecksum(flipSomeBytes(body, random, 32));

        try {
            RuleEngine restored = RuleEngine.restore(rule, EngineLimits.DEFAULT, damaged);
            assertThat(restored.rule()).isEqualTo(rule);
        } catch (CorruptSnapshotException | SnapshotMismatchException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static byte[] snapshotOf(Rule rule, Random random) {
        RuleEngine engine = RuleEngine.create(rule);
        List<Input> inputs = WindowEnginePropertiesTest.randomInputs(random);
        for (Input input : inputs.subList(0, random.nextInt(inputs.size()))) {
            switch (input) {
                case Input.Ev ev -> engine.onEvent(ev.event());
                case Input.Wm wm -> engine.onWatermark(wm.watermarkMs());
            }
        }
        return engine.snapshot();
    }

    /** One to {@code max} bytes changed at random positions. */
    private static byte[] flipSomeBytes(byte[] bytes, Random random, int max) {
        byte[] damaged = bytes.clone();
        int flips = 1 + random.nextInt(max);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(damaged.length);
            damaged[at] = (byte) (damaged[at] ^ (1 + random.nextInt(255)));
        }
        return damaged;
    }
}
