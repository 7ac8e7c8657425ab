package io.herald.broker.handler;

/** This broker as clients see it: the one node of its cluster, where every partition leads. */
public record BrokerNode(String clusterId, int nodeId, String host, int port) {}
