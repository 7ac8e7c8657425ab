package io.herald.cep.plan;

import java.util.List;

/** The SELECT clause: every field of the event ({@code *}) or a list of columns. */
public sealed interface Projection {

    /** {@code SELECT *}: the event's fields as they are (filter rules only). */
    record AllFields() implements Projection {}

    /** {@code SELECT e1 AS n1, e2, ...}. */
    record Columns(List<SelectItem> items) implements Projection {
        /** Copies the list; at least one column. */
        public Columns {
            if (items.isEmpty()) {
                throw new IllegalArgumentException("SELECT needs at least one column, or *");
            }
            items = List.copyOf(items);
        }
    }
}
