package io.herald.cep.engine.window;

import io.herald.cep.engine.expr.AggregateCall;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The accumulators of the aggregate functions, and the factory that picks one for an aggregate call. */
public final class Accumulators {
    private Accumulators() {}

    /** A fresh accumulator for the call. */
    public static Accumulator create(AggregateCall call) {
        return switch (call.function()) {
            case "count" -> call.distinct() ? new CountDistinct() : new Count(call.argument() == null);
            case "sum" -> new Sum(false);
            case "avg" -> new Sum(true);
            case "min" -> new Extreme(Values.ORDER);
            case "max" -> new Extreme(Values.ORDER.reversed());
            case "percentile" -> new Percentile(call.percentile());
            default -> throw new IllegalArgumentException("not an aggregate: " + call.function());
        };
    }

    /** count(*) counts rows, count(x) non-null values; invertible. */
    static final class Count implements Accumulator {
        private final boolean rows;
        private long count;

        Count(boolean rows) {
            this.rows = rows;
        }

        @Override
        public void add(long seq, Object value) {
            if (rows || value != null) {
                count++;
            }
        }

        @Override
        public void removeOldest(long seq, Object value) {
            if (rows || value != null) {
                count--;
            }
        }

        @Override
        public void mergeFrom(Accumulator other) {
            count += ((Count) other).count;
        }

        @Override
        public Object result() {
            return count;
        }

        @Override
        public void writeState(SnapshotWriter out) {
            out.writeLong(count);
        }

        @Override
        public void readState(SnapshotReader in) {
            count = in.readLong();
        }
    }

    /** count(DISTINCT x): a multiset of the values in the window. */
    static final class CountDistinct implements Accumulator {
        private final Map<Object, Long> counts = new HashMap<>();

        @Override
        public void add(long seq, Object value) {
            if (value != null) {
                counts.merge(value, 1L, Long::sum);
            }
        }

        @Override
        public void removeOldest(long seq, Object value) {
            if (value != null) {
                counts.computeIfPresent(value, (k, n) -> n == 1 ? null : n - 1);
            }
        }

        @Override
        public void mergeFrom(Accumulator other) {
            ((CountDistinct) other).counts.forEach((k, n) -> counts.merge(k, n, Long::sum));
        }

        @Override
        public Object result() {
            return (long) counts.size();
        }

        /** Sorted (by value, then type), so equal states give equal bytes whatever the hash map's history. */
        @Override
        public void writeState(SnapshotWriter out) {
            List<Map.Entry<Object, Long>> entries = new ArrayList<>(counts.entrySet());
            entries.sort(Map.Entry.comparingByKey(
                    Values.ORDER.thenComparing(v -> v.getClass().getName())));
            out.writeInt(entries.size());
            for (Map.Entry<Object, Long> e : entries) {
                out.writeValue(e.getKey());
                out.writeLong(e.getValue());
            }
        }

        @Override
        public void readState(SnapshotReader in) {
            counts.clear();
            int n = in.readCount();
            for (int i = 0; i < n; i++) {
                counts.put(in.readValue(), in.readLong());
            }
        }
    }

    /**
     * sum(x) and avg(x) over numbers; invertible. Long values are summed exactly; a window that holds a Double sums
     * in double, so removing a Double can leave rounding error (as in any sliding float sum).
     */
    static final class Sum implements Accumulator {
        private final boolean average;
        private long longSum;
        private double doubleSum;
        private long doubles;
        private long count;

        Sum(boolean average) {
            this.average = average;
        }

        @Override
        public void add(long seq, Object value) {
            apply(value, 1);
        }

        @Override
        public void removeOldest(long seq, Object value) {
            apply(value, -1);
        }

        private void apply(Object value, int sign) {
            switch (value) {
                case Long l -> {
                    longSum += sign * l;
                    count += sign;
                }
                case Number n -> {
                    doubleSum += sign * n.doubleValue();
                    doubles += sign;
                    count += sign;
                }
                case null, default -> {}
            }
        }

        @Override
        public void mergeFrom(Accumulator other) {
            Sum o = (Sum) other;
            longSum += o.longSum;
            doubleSum += o.doubleSum;
            doubles += o.doubles;
            count += o.count;
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            if (average) {
                return (doubles == 0 ? (double) longSum : longSum + doubleSum) / count;
            }
            return doubles == 0 ? (Object) longSum : (Object) (longSum + doubleSum);
        }

        /** The double sum goes bit for bit, rounding error included, so a restored window slides on identically. */
        @Override
        public void writeState(SnapshotWriter out) {
            out.writeLong(longSum);
            out.writeDouble(doubleSum);
            out.writeLong(doubles);
            out.writeLong(count);
        }

        @Override
        public void readState(SnapshotReader in) {
            longSum = in.readLong();
            doubleSum = in.readDouble();
            doubles = in.readLong();
            count = in.readLong();
        }
    }

    /**
     * min(x) or max(x) as a monotonic deque: each entry is better than every entry behind it, so the front is the
     * answer and removing the oldest value is O(1) amortised.
     */
    static final class Extreme implements Accumulator {
        private record Entry(long seq, Object value) {}

        private final Comparator<Object> order;
        private final ArrayDeque<Entry> deque = new ArrayDeque<>();

        Extreme(Comparator<Object> order) {
            this.order = order;
        }

        @Override
        public void add(long seq, Object value) {
            if (value == null) {
                return;
            }
            while (!deque.isEmpty() && order.compare(deque.peekLast().value(), value) >= 0) {
                deque.pollLast();
            }
            deque.addLast(new Entry(seq, value));
        }

        @Override
        public void removeOldest(long seq, Object value) {
            if (!deque.isEmpty() && deque.peekFirst().seq() == seq) {
                deque.pollFirst();
            }
        }

        @Override
        public void mergeFrom(Accumulator other) {
            List<Entry> all = new ArrayList<>(deque);
            all.addAll(((Extreme) other).deque);
            all.sort(Comparator.comparingLong(Entry::seq));
            deque.clear();
            all.forEach(e -> add(e.seq(), e.value()));
        }

        @Override
        public Object result() {
            return deque.isEmpty() ? null : deque.peekFirst().value();
        }

        @Override
        public void writeState(SnapshotWriter out) {
            out.writeInt(deque.size());
            for (Entry e : deque) {
                out.writeLong(e.seq());
                out.writeValue(e.value());
            }
        }

        @Override
        public void readState(SnapshotReader in) {
            deque.clear();
            int n = in.readCount();
            for (int i = 0; i < n; i++) {
                deque.addLast(new Entry(in.readLong(), in.readValue()));
            }
        }
    }

    /** percentile(x, p), exact, nearest rank: the ceil(p*n)-th smallest value; a sorted multiset. */
    static final class Percentile implements Accumulator {
        private final double p;
        private final TreeMap<Object, Long> counts = new TreeMap<>(Values.ORDER);
        private long size;

        Percentile(double p) {
            this.p = p;
        }

        @Override
        public void add(long seq, Object value) {
            if (value instanceof Number) {
                counts.merge(value, 1L, Long::sum);
                size++;
            }
        }

        @Override
        public void removeOldest(long seq, Object value) {
            if (value instanceof Number) {
                counts.computeIfPresent(value, (k, n) -> n == 1 ? null : n - 1);
                size--;
            }
        }

        @Override
        public void mergeFrom(Accumulator other) {
            Percentile o = (Percentile) other;
            o.counts.forEach((k, n) -> counts.merge(k, n, Long::sum));
            size += o.size;
        }

        @Override
        public Object result() {
            if (size == 0) {
                return null;
            }
            long rank = Math.max(1, (long) Math.ceil(p * size));
            long seen = 0;
            Iterator<Map.Entry<Object, Long>> it = counts.entrySet().iterator();
            while (true) {
                Map.Entry<Object, Long> e = it.next();
                seen += e.getValue();
                if (seen >= rank) {
                    return e.getKey();
                }
            }
        }

        @Override
        public void writeState(SnapshotWriter out) {
            out.writeLong(size);
            out.writeInt(counts.size());
            for (Map.Entry<Object, Long> e : counts.entrySet()) {
                out.writeValue(e.getKey());
                out.writeLong(e.getValue());
            }
        }

        @Override
        public void readState(SnapshotReader in) {
            counts.clear();
            size = in.readLong();
            int n = in.readCount();
            for (int i = 0; i < n; i++) {
                counts.put(in.readValue(), in.readLong());
            }
        }
    }
}
