package io.herald.broker.group;

/**
 * An offset a group committed for one partition: the next offset it will read, with the leader epoch and the metadata
 * string the client sent, kept byte for byte.
 *
 * @param leaderEpoch the epoch the client saw at that offset, or -1
 * @param commitTimestampMs when the coordinator accepted the commit; retention counts from it
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {

    public CommittedOffset {
        if (metadata == null) metadata = "";
    }
}
