package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndMissingValuesAreDashes() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);

        new TextTable("GROUP", "LAG", "CLIENT-ID")
                .row("billing-service", 3, "c-1")
                .row("g", null, "")
                .print(out);
        out.flush();

        assertThat(text.toString().lines())
                .containsExactly(
                        "GROUP            LAG  CLIENT-ID", "billing-service  3    c-1", "g                -    -");
    }
}
