package io.herald.registry.internal.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.JsonSchema;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the compatibility levels on generated JSON Schemas that use every keyword the comparer knows (types,
 * limits, enums, properties under each content model, required, dependencies and dependentRequired/dependentSchemas,
 * tuples with additionalItems/unevaluatedItems, contains counts, combined schemas, not): BACKWARD(a, b) ==
 * FORWARD(b, a), FULL is both, a schema follows itself at every level with no difference reported, and a schema that
 * accepts anything may follow any schema.
 */
class JsonSchemaLevelPropertyTest {

    private static final List<String> NAMES = List.of("a", "b", "c");

    @Provide
    Arbitrary<String> schemas() {
        return schema(3);
    }

    private static Arbitrary<String> schema(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of("{}", "true", "false", "{'type':'integer'}", "{'type':['string','null']}"),
                keywords(List.of(
                        "'type':'string'",
                        "'type':'number'",
                        "'maxLength':5",
                        "'minLength':1",
                        "'pattern':'^a'",
                        "'maximum':10",
                        "'minimum':0",
                        "'exclusiveMaximum':9",
                        "'multipleOf':2",
                        "'enum':['x','y']",
                        "'enum':['x']",
                        "'const':'x'",
                        "'title':'t'",
                        "'default':'d'",
                        "'format':'date'")));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> child = schema(depth - 1);
        Arbitrary<String> object = Arbitraries.lazy(() -> objectSchema(child));
        Arbitrary<String> array = Arbitraries.lazy(() -> arraySchema(child));
        Arbitrary<String> combined = Arbitraries.lazy(() -> combinedSchema(child));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(3, object),
                net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(1, combined));
    }

    /** A JSON object of a random subset of {@code fields} (single quotes, as in the rule table). */
    private static Arbitrary<String> keywords(List<String> fields) {
        return Arbitraries.of(fields).set().ofMaxSize(3).map(set -> "{" + String.join(",", set) + "}");
    }

    private static Arbitrary<String> objectSchema(Arbitrary<String> child) {
        Arbitrary<String> properties = Arbitraries.maps(Arbitraries.of(NAMES), child)
                .ofMaxSize(3)
                .map(map -> {
                    StringBuilder text = new StringBuilder("'properties':{");
                    map.forEach((name, schema) -> text.append("'")
                            .append(name)
                            .append("':")
                            .append(schema)
                            .append(','));
                    if (!map.isEmpty()) {
                        text.setLength(text.length() - 1);
                    }
                    return text.append('}').toString();
                });
        Arbitrary<String> rest = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.of(
                        ",'additionalProperties':false",
                        ",'additionalProperties':true",
                        ",'unevaluatedProperties':false",
                        ",'patternProperties':{'^a':{'type':'string'}}"),
                child.map(schema -> ",'additionalProperties':" + schema),
                child.map(schema -> ",'unevaluatedProperties':" + schema));
        Arbitrary<String> extras = Arbitraries.of(
                        ",'required':['a']",
                        ",'required':['a','b']",
                        ",'dependencies':{'a':['b']}",
                        ",'dependentRequired':{'a':['b','c']}",
                        ",'dependencies':{'b':{'required':['c']}}",
                        ",'dependentSchemas':{'b':{'maxProperties':2}}",
                        ",'maxProperties':3",
                        ",'minProperties':1",
                        ",'propertyNames':{'maxLength':3}")
                .set()
                .ofMaxSize(3)
                .map(set -> String.join("", set));
        Arbitrary<String> type = Arbitraries.of("'type':'object',", "");
        return net.jqwik.api.Combinators.combine(type, properties, rest, extras)
                .as((t, p, r, e) -> "{" + t + p + r + e + "}");
    }

    private static Arbitrary<String> arraySchema(Arbitrary<String> child) {
        Arbitrary<String> items = Arbitraries.oneOf(
                Arbitraries.just(""),
                child.map(schema -> ",'items':" + schema),
                child.list().ofMaxSize(3).map(list -> ",'prefixItems':[" + String.join(",", list) + "]"),
                child.list().ofMaxSize(3).map(list -> ",'items':[" + String.join(",", list) + "]"));
        Arbitrary<String> rest = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.of(",'additionalItems':false", ",'unevaluatedItems':false"),
                child.map(schema -> ",'unevaluatedItems':" + schema));
        Arbitrary<String> extras = Arbitraries.of(
                        ",'maxItems':4",
                        ",'minItems':1",
                        ",'uniqueItems':true",
                        ",'contains':{'type':'number'}",
                        ",'contains':{'type':'number'},'minContains':2",
                        ",'contains':{'type':'number'},'maxContains':3")
                .set()
                .ofMaxSize(2)
                .map(set -> String.join("", set));
        return net.jqwik.api.Combinators.combine(items, rest, extras)
                .as((i, r, e) -> "{'type':'array'" + i + r + e + "}");
    }

    private static Arbitrary<String> combinedSchema(Arbitrary<String> child) {
        Arbitrary<String> keyword = Arbitraries.of("oneOf", "anyOf", "allOf");
        return net.jqwik.api.Combinators.combine(
                        keyword, child.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false), child)
                .as((k, branches, negated, not) ->
                        negated ? "{'not':" + not + "}" : "{'" + k + "':[" + String.join(",", branches) + "]}");
    }

    private static JsonSchema parse(String text) {
        try {
            return JsonSchema.parse(text.replace('\'', '"'), List.of());
        } catch (InvalidSchemaException e) {
            throw new IllegalStateException(text, e);
        }
    }

    private static boolean compatible(CompatibilityLevel level, String candidate, String previous) {
        return level.check(parse(candidate), List.of(parse(previous))).isEmpty();
    }

    @Property(tries = 400)
    void backwardOfAbIsForwardOfBa(@ForAll("schemas") String a, @ForAll("schemas") String b) {
        assertThat(compatible(CompatibilityLevel.BACKWARD, a, b))
                .isEqualTo(compatible(CompatibilityLevel.FORWARD, b, a));
    }

    @Property(tries = 400)
    void fullIsBackwardAndForward(@ForAll("schemas") String a, @ForAll("schemas") String b) {
        assertThat(compatible(CompatibilityLevel.FULL, a, b))
                .isEqualTo(
                        compatible(CompatibilityLevel.BACKWARD, a, b) && compatible(CompatibilityLevel.FORWARD, a, b));
    }

    @Property(tries = 300)
    void aSchemaFollowsItselfWithNoDifference(@ForAll("schemas") String a) {
        assertThat(JsonSchemaCompatibility.differences(parse(a), parse(a))).isEmpty();
        assertThat(compatible(CompatibilityLevel.FULL_TRANSITIVE, a, a)).isTrue();
    }

    @Property(tries = 300)
    void aSchemaAcceptingAnythingFollowsAnySchema(@ForAll("schemas") String a) {
        assertThat(compatible(CompatibilityLevel.BACKWARD, "{}", a)).isTrue();
        assertThat(compatible(CompatibilityLevel.FORWARD, "false", a)).isTrue();
    }
}
