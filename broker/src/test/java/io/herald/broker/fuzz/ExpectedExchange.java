package io.herald.broker.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a Kafka broker must do with a byte stream sent on one connection followed by end-of-stream, decided with the
 * same kafka-clients decoder the broker uses: the responses due, in order, and where the broker must close instead.
 *
 * <p>The rules, which are Kafka's: a frame whose size is negative or over the cap (512 KiB for a connection's first
 * request, {@code socket.request.max.bytes} after), that is cut short by end-of-stream, whose header does not parse,
 * whose API version is not accepted, or whose body does not parse, ends the connection with no response. ApiVersions at
 * an unaccepted version is the exception: it is answered with a v0 body (KIP-511). A Produce with {@code acks=0} gets
 * no response, and may close the connection if it fails. A Fetch that may wait for data ({@code max_wait_ms} over
 * {@link #LONG_POLL_MS}) may still be waiting when the exchange ends. Everything else gets exactly one response with
 * its correlation id. After the last frame the broker must close the connection (it reads end-of-stream).
 *
 * <p>When the broker refuses a frame with bytes still unread behind it ({@code closesWithInputUnread}), its close sends
 * a TCP reset, which may destroy responses still in flight to the client; Kafka's close does the same. The responses
 * that do arrive must still be right.
 */
record ExpectedExchange(List<Step> steps, boolean closesWithInputUnread) {
    /** Fetches that may wait longer than this are not waited for. */
    static final int LONG_POLL_MS = 100;

    static final int FIRST_REQUEST_MAX_BYTES = 512 * 1024;

    /** One thing the broker must do, in order. */
    sealed interface Step {}

    /** A response with this correlation id, decodable as {@code api} at {@code version}. */
    record Respond(int correlationId, ApiKeys api, short version, short headerVersion, boolean mayPark)
            implements Step {}

    /** Nothing (a produce with acks=0), though the broker may close the connection here. */
    record MayClose() implements Step {}

    /**
     * Plans the exchange for {@code stream}.
     *
     * @param accepted per API, the lowest and highest version the broker accepts (the advertised range, raised to the
     *     API's oldest supported version)
     */
    static ExpectedExchange of(byte[] stream, Map<ApiKeys, short[]> accepted, int maxRequestBytes) {
        List<Step> steps = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(stream);
        boolean first = true;
        boolean refused = false;
        while (in.remaining() >= 4) {
            int size = in.getInt();
            int cap = first ? Math.min(FIRST_REQUEST_MAX_BYTES, maxRequestBytes) : maxRequestBytes;
            if (size < 0 || size > cap) {
                refused = true;
                break;
            }
            if (size > in.remaining()) break;
            ByteBuffer frame = in.slice(in.position(), size);
            in.position(in.position() + size);
            first = false;
            Step step = step(frame, accepted);
            if (step == null) {
                refused = true;
                break;
            }
            steps.add(step);
        }
        return new ExpectedExchange(List.copyOf(steps), refused && in.hasRemaining());
    }

    private static Step step(ByteBuffer frame, Map<ApiKeys, short[]> accepted) {
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            return null;
        }
        ApiKeys api = header.apiKey();
        short version = header.apiVersion();
        short[] range = accepted.get(api);
        boolean ok = range != null && version >= range[0] && version <= range[1];
        if (!ok) {
            return api == ApiKeys.API_VERSIONS
                    ? new Respond(header.correlationId(), api, (short) 0, (short) 0, false)
                    : null;
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            return null;
        }
        if (request instanceof ProduceRequest produce && produce.acks() == 0) return new MayClose();
        boolean mayPark = request instanceof FetchRequest fetch && fetch.maxWait() > LONG_POLL_MS;
        short headerVersion = api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version);
        return new Respond(header.correlationId(), api, version, headerVersion, mayPark);
    }
}
