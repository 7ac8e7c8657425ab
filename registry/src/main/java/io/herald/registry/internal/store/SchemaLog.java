package io.herald.registry.internal.store;

import java.util.concurrent.TimeoutException;

/**
 * Where the registry's records go: {@link SchemasTopic} on a Kafka cluster; an in-memory log in tests. Either way a
 * record is visible in the {@link RegistryState} once {@link #append} returns.
 */
public interface SchemaLog {

    /**
     * Appends one record and waits until the state applied it.
     *
     * @param value null for a tombstone
     * @return the record's offset
     */
    long append(byte[] key, byte[] value) throws TimeoutException, InterruptedException;

    /** Waits until the state applied every record the log holds now, whoever wrote it. */
    void catchUp() throws TimeoutException, InterruptedException;
}
