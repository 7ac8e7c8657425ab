package io.herald.cep.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every rule in the sql blocks of docs/cep.md parses, validates and survives a print/parse round trip. */
@Timeout(10)
class DocsExamplesTest {
    private static final java.util.regex.Pattern SQL_BLOCK =
            java.util.regex.Pattern.compile("```sql\\n(.*?)```", java.util.regex.Pattern.DOTALL);

    @Test
    void everyRuleInTheGuideParses() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "cep.md"));
        List<String> rules = new ArrayList<>();
        Matcher m = SQL_BLOCK.matcher(guide);
        while (m.find()) {
            for (String statement : m.group(1).split("(?m)^(?=CREATE RULE)")) {
                if (statement.strip().startsWith("CREATE RULE")) {
                    rules.add(statement);
                }
            }
        }

        assertThat(rules).hasSizeGreaterThanOrEqualTo(5);
        for (String text : rules) {
            Rule rule = RuleText.parse(text);
            assertThat(RuleText.parse(RuleText.print(rule))).as(text).isEqualTo(rule);
        }
    }
}
