package io.herald.cep.plan;

/** When a rule writes a row. */
public enum EmitMode {
    /** Append: a row when a match happens (a window first satisfies HAVING, a pattern completes, a filter passes). */
    ON_MATCH,
    /** One row per window once it is final (watermark past end plus allowed lateness). */
    FINAL,
    /** Upsert per window: a row on each change, a retraction when HAVING stops holding. */
    CHANGES
}
