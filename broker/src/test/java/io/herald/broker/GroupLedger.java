package io.herald.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the members of a group did, in the order the test saw it: each record consumed, each commit acknowledged. It
 * answers the two questions of a group test: was every record consumed at least once, and did any member consume a
 * record below an offset the group had already committed for its partition (a duplicate that committing after
 * processing must prevent)?
 */
final class GroupLedger {
    private record Event(String member, boolean commit, int partition, long offset) {}

    private final List<Event> events = new ArrayList<>();

    synchronized void consumed(String member, int partition, long offset) {
        events.add(new Event(member, false, partition, offset));
    }

    synchronized void committed(String member, int partition, long offset) {
        events.add(new Event(member, true, partition, offset));
    }

    /** Reads a {@link GroupMemberProcess} line: {@code R p o} or {@code C p o}. */
    void onChildLine(String member, String line) {
        String[] f = line.split(" ");
        if (f.length != 3) return;
        if (f[0].equals("R")) consumed(member, Integer.parseInt(f[1]), Long.parseLong(f[2]));
        if (f[0].equals("C")) committed(member, Integer.parseInt(f[1]), Long.parseLong(f[2]));
    }

    synchronized Set<String> consumedBy(String member) {
        Set<String> records = new HashSet<>();
        for (Event e : events) if (!e.commit && e.member.equals(member)) records.add(e.partition + "@" + e.offset);
        return records;
    }

    /** Every record consumed, as {@code partition@offset}. */
    synchronized Set<String> consumed() {
        Set<String> records = new HashSet<>();
        for (Event e : events) if (!e.commit) records.add(e.partition + "@" + e.offset);
        return records;
    }

    /**
     * What happened on {@code partition} around {@code offset}, in order: runs of records each member consumed and the
     * commits, so a failed test shows who skipped or over-committed.
     */
    synchronized String historyAround(int partition, long offset) {
        List<String> lines = new ArrayList<>();
        Event runStart = null, runEnd = null; // a run of records one member consumed one after another
        for (Event e : events) {
            if (e.partition != partition || Math.abs(e.offset - offset) > 40) continue;
            if (runEnd != null && !e.commit && e.member.equals(runEnd.member) && e.offset == runEnd.offset + 1) {
                runEnd = e;
                continue;
            }
            if (runStart != null) lines.add(runStart.member + " consumed " + runStart.offset + ".." + runEnd.offset);
            runStart = runEnd = e.commit ? null : e;
            if (e.commit) lines.add(e.member + " committed " + e.offset);
        }
        if (runStart != null) lines.add(runStart.member + " consumed " + runStart.offset + ".." + runEnd.offset);
        return "partition " + partition + " around " + offset + ":\n  " + String.join("\n  ", lines);
    }

    /** Records consumed although their partition's committed offset had already passed them, with who did it. */
    synchronized List<String> consumedAfterCommit() {
        Map<Integer, Long> committed = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (Event e : events) {
            if (e.commit) {
                committed.merge(e.partition, e.offset, Math::max);
            } else if (e.offset < committed.getOrDefault(e.partition, 0L)) {
                violations.add(e.member + " consumed " + e.partition + "@" + e.offset + " after offset "
                        + committed.get(e.partition) + " was committed");
            }
        }
        return violations;
    }
}
