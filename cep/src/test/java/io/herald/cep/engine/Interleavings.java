package io.herald.cep.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helper: arrival orders of several partitions' events, as a consumer may see them. */
public final class Interleavings {
    private Interleavings() {}

    /** A random interleaving that keeps each partition's own order. */
    public static List<Event> interleave(List<List<Event>> partitions, Random random) {
        List<Event> out = new ArrayList<>();
        int[] next = new int[partitions.size()];
        int remaining = partitions.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            int p = random.nextInt(partitions.size());
            if (next[p] < partitions.get(p).size()) {
                out.add(partitions.get(p).get(next[p]++));
                remaining--;
            }
        }
        return out;
    }
}
