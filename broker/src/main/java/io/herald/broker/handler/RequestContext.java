package io.herald.broker.handler;

import java.net.SocketAddress;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a handler knows about the request besides its body: the parsed header (API key, version, correlation id, client
 * id) and the address of the client.
 */
public record RequestContext(RequestHeader header, SocketAddress clientAddress) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
