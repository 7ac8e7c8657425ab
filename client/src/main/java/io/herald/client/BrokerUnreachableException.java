package io.herald.client;

/** No broker answered at the configured addresses within the time allowed ({@code max.block.ms}). */
public final class BrokerUnreachableException extends PublishException {
    private final String bootstrapServers;

    /**
     * @param bootstrapServers the addresses tried
     * @param waitedMs how long the client waited
     * @param cause the Kafka client's exception
     */
    public BrokerUnreachableException(String bootstrapServers, long waitedMs, Throwable cause) {
        super(
                "no broker answered at " + bootstrapServers + " within " + waitedMs + " ms (max.block.ms);"
                        + " check bootstrap.servers and that the broker is running",
                cause);
        this.bootstrapServers = bootstrapServers;
    }

    /** The addresses tried, as given in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }
}
