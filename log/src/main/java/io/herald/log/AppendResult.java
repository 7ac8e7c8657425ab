package io.herald.log;

import java.util.concurrent.CompletableFuture;

/**
 * Where an appended batch went. {@code durable} completes once the batch is on disk under the flush policy
 * {@code always} (the broker acknowledges {@code acks=all} only then), or at once under {@code interval}. It completes
 * exceptionally with a {@link StorageException} when the fsync failed.
 *
 * @param logAppendTimeMs the time written into the batch for {@code LogAppendTime} topics, or -1
 */
public record AppendResult(long baseOffset, long lastOffset, long logAppendTimeMs, CompletableFuture<Void> durable) {}
