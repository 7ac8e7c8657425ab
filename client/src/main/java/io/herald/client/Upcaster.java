package io.herald.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON data of one version of an event type into the next version's. Registered in {@link Upcasters} for a
 * type and the version it reads; a chain of them brings any old version up to the current record.
 */
@FunctionalInterface
public interface Upcaster {
    /**
     * Rewrites one version's data into the next version's.
     *
     * @param data the data as written by the older version; may be modified and returned
     * @return the data in the next version's shape
     */
    ObjectNode upcast(ObjectNode data);
}
