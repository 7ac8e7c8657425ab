package io.herald.broker.handler;

import java.net.InetSocketAddress;

/** The client host that group APIs report for a member, as Kafka writes it: {@code /} and the IP address. */
final class ClientHost {
    private ClientHost() {}

    static String of(RequestContext context) {
        if (context.clientAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().toString();
        }
        return String.valueOf(context.clientAddress());
    }
}
