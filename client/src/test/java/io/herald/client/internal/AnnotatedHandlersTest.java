package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.EventMetadata;
import io.herald.client.HandlesEvent;
import io.herald.client.IncomingEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotatedHandlersTest {
    record Ping(String text) {}

    static final class Good {
        final List<String> seen = new ArrayList<>();

        @HandlesEvent
        void on(Ping ping) throws java.io.IOException {
            if (ping.text().equals("fail")) {
                throw new java.io.IOException("disk full");
            }
            seen.add(ping.text());
        }
    }

    static final class TwoParameters {
        @HandlesEvent
        void on(Ping ping, String extra) {}
    }

    static final class NotARecord {
        @HandlesEvent
        void on(String text) {}
    }

    static final class RawIncoming {
        @HandlesEvent
        @SuppressWarnings("rawtypes")
        void on(IncomingEvent event) {}
    }

    private static IncomingEvent<Ping> event(String text) {
        EventMetadata metadata = new EventMetadata(
                "id", URI.create("/t"), "Ping", null, null, null, null, null, null, null, null, null, null);
        return new IncomingEvent<>(metadata, new Ping(text), "t", 0, 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMethodTakingTheRecordGetsTheDataAndItsExceptionUnwrapped() throws Exception {
        Good good = new Good();
        AnnotatedHandlers.Found found = AnnotatedHandlers.of(good).getFirst();
        var handler = (io.herald.client.EventHandler<Ping>) found.handler();

        handler.handle(event("hello"));

        assertThat(found.eventClass()).isEqualTo(Ping.class);
        assertThat(good.seen).containsExactly("hello");
        assertThatThrownBy(() -> handler.handle(event("fail")))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("disk full");
    }

    @Test
    void wrongSignaturesAreNamed() {
        assertThatThrownBy(() -> AnnotatedHandlers.of(new TwoParameters()))
                .hasMessageContaining("TwoParameters.on must take one parameter");
        assertThatThrownBy(() -> AnnotatedHandlers.of(new NotARecord()))
                .hasMessageContaining("must take a record or IncomingEvent<Record>, takes java.lang.String");
        assertThatThrownBy(() -> AnnotatedHandlers.of(new RawIncoming())).hasMessageContaining("must name its record");
        assertThatThrownBy(() -> AnnotatedHandlers.of(new Object()))
                .hasMessageContaining("has no method annotated @HandlesEvent");
    }
}
