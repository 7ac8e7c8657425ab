package io.herald.registry.internal.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.JsonSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * What "compatible" promises, checked against an independent validator (networknt's, draft 2020-12): when the
 * comparer finds an update BACKWARD compatible with an original, every generated value the original accepts, the
 * update accepts too. The schemas use the keywords whose changes Confluent's rules judge by the data: types, limits,
 * enums, properties under each content model, required, dependentRequired/dependentSchemas, unevaluatedProperties,
 * tuples with items/unevaluatedItems, contains counts, anyOf/allOf, not. Left out on purpose: {@code oneOf} (Confluent
 * lets it gain branches although a value may then match two), {@code default} (a required property with a default
 * is compatible because a reader fills it in, not because old data has it), and the keywords neither Confluent nor
 * Herald compares ({@code format}, {@code propertyNames}, {@code if}, the {@code contains} schema).
 */
class JsonSchemaSoundnessPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry VALIDATORS =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final SchemaRegistry DRAFT_7_VALIDATORS =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    @Provide
    Arbitrary<String> schemas() {
        return schema(2).map(JsonSchemaSoundnessPropertyTest::tidy);
    }

    /** One level of nesting: small enough that a random edit often lands where generated data tells. */
    @Provide
    Arbitrary<String> smallSchemas() {
        return schema(1).map(JsonSchemaSoundnessPropertyTest::tidy);
    }

    private static Arbitrary<String> schema(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of("{}", "true", "false", "{'type':'integer'}", "{'type':['string','null']}"),
                Arbitraries.of(
                                "'type':'string'",
                                "'type':'number'",
                                "'type':'integer'",
                                "'maxLength':2",
                                "'minLength':1",
                                "'pattern':'^a'",
                                "'maximum':10",
                                "'minimum':0",
                                "'exclusiveMaximum':2",
                                "'multipleOf':2",
                                "'enum':['a','x',1]",
                                "'enum':['a']",
                                "'const':1")
                        .set()
                        .ofMaxSize(3)
                        .map(set -> "{" + String.join(",", set) + "}"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> child = schema(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(3, Arbitraries.lazy(() -> objectSchema(child))),
                Tuple.of(2, Arbitraries.lazy(() -> arraySchema(child))),
                Tuple.of(1, Arbitraries.lazy(() -> combinedSchema(child))));
    }

    private static Arbitrary<String> objectSchema(Arbitrary<String> child) {
        Arbitrary<String> properties = Arbitraries.maps(Arbitraries.of("a", "b", "c"), child)
                .ofMaxSize(2)
                .map(map -> {
                    List<String> members = new ArrayList<>();
                    map.forEach((name, schema) -> members.add("'" + name + "':" + schema));
                    return "'properties':{" + String.join(",", members) + "}";
                });
        Arbitrary<String> rest = Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        ",'additionalProperties':false",
                        ",'unevaluatedProperties':false",
                        ",'patternProperties':{'^a':{'type':'string'}}"),
                child.map(schema -> ",'additionalProperties':" + schema));
        Arbitrary<String> extras = Arbitraries.of(
                        ",'required':['a']",
                        ",'required':['b','c']",
                        ",'dependentRequired':{'a':['b']}",
                        ",'dependentSchemas':{'b':{'required':['c']}}",
                        ",'maxProperties':2",
                        ",'minProperties':1")
                .set()
                .ofMaxSize(2)
                .map(set -> String.join("", set));
        return Combinators.combine(Arbitraries.of("'type':'object',", ""), properties, rest, extras)
                .as((t, p, r, e) -> "{" + t + p + r + e + "}");
    }

    private static Arbitrary<String> arraySchema(Arbitrary<String> child) {
        Arbitrary<String> items = Arbitraries.oneOf(
                Arbitraries.just(""),
                child.map(schema -> ",'items':" + schema),
                child.list().ofMinSize(1).ofMaxSize(2).map(list -> ",'prefixItems':[" + String.join(",", list) + "]"),
                Combinators.combine(child.list().ofMinSize(1).ofMaxSize(2), child)
                        .as((list, rest) -> ",'prefixItems':[" + String.join(",", list) + "],'items':" + rest),
                child.list()
                        .ofMinSize(1)
                        .ofMaxSize(2)
                        .map(list -> ",'prefixItems':[" + String.join(",", list) + "],'items':false"),
                child.list()
                        .ofMinSize(1)
                        .ofMaxSize(2)
                        .map(list -> ",'prefixItems':[" + String.join(",", list) + "],'unevaluatedItems':false"));
        Arbitrary<String> extras = Arbitraries.of(
                        ",'maxItems':2",
                        ",'minItems':1",
                        ",'uniqueItems':true",
                        ",'contains':{'type':'number'}",
                        ",'contains':{'type':'number'},'minContains':2",
                        ",'contains':{'type':'number'},'maxContains':1")
                .set()
                .ofMaxSize(1)
                .map(set -> String.join("", set));
        return Combinators.combine(items, extras).as((i, e) -> "{'type':'array'" + i + e + "}");
    }

    private static Arbitrary<String> combinedSchema(Arbitrary<String> child) {
        return Combinators.combine(
                        Arbitraries.of("anyOf", "allOf", "not"),
                        child.list().ofMinSize(1).ofMaxSize(2),
                        child)
                .as((k, branches, not) ->
                        k.equals("not") ? "{'not':" + not + "}" : "{'" + k + "':[" + String.join(",", branches) + "]}");
    }

    @Provide
    Arbitrary<List<JsonNode>> values() {
        return value(2).list().ofMinSize(10).ofMaxSize(30);
    }

    private static Arbitrary<JsonNode> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.of(
                "null", "true", "0", "1", "2", "3", "12", "-1", "2.5", "\"\"", "\"a\"", "\"ab\"", "\"x\"", "\"abc\"");
        Arbitrary<String> text = scalar;
        if (depth > 0) {
            Arbitrary<String> inner = value(depth - 1).map(JsonNode::toString);
            Arbitrary<String> array = inner.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]");
            Arbitrary<String> object = Arbitraries.maps(Arbitraries.of("a", "b", "c", "ab", "d"), inner)
                    .ofMaxSize(3)
                    .map(map -> {
                        List<String> members = new ArrayList<>();
                        map.forEach((name, v) -> members.add("\"" + name + "\":" + v));
                        return "{" + String.join(",", members) + "}";
                    });
            text = Arbitraries.frequencyOf(Tuple.of(2, scalar), Tuple.of(1, array), Tuple.of(2, object));
        }
        return text.map(JsonSchemaSoundnessPropertyTest::read);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean valid(Schema validator, JsonNode value) {
        return validator.validate(value).isEmpty();
    }

    private static JsonSchema parse(String text) {
        try {
            return JsonSchema.parse(text.replace('\'', '"'), List.of());
        } catch (InvalidSchemaException e) {
            throw new IllegalStateException(text, e);
        }
    }

    /** Keywords an edit may add to (or set in) a schema, each with the value it sets. */
    private static final List<String> EDITS = List.of(
            "'type':'string'",
            "'type':['object','array']",
            "'type':'integer'",
            "'maxLength':1",
            "'minLength':2",
            "'pattern':'^ab'",
            "'maximum':2",
            "'minimum':1",
            "'multipleOf':3",
            "'enum':['a',1]",
            "'const':'a'",
            "'required':['a','b']",
            "'dependentRequired':{'a':['b','c']}",
            "'dependentSchemas':{'a':{'maxProperties':1}}",
            "'maxProperties':1",
            "'minProperties':2",
            "'additionalProperties':false",
            "'additionalProperties':{'type':'integer'}",
            "'unevaluatedProperties':false",
            "'patternProperties':{'^a':{'type':'integer'}}",
            "'properties':{'a':{'type':'integer'},'d':{}}",
            "'items':{'type':'integer'}",
            "'items':false",
            "'prefixItems':[{'type':'string'},{'type':'integer'}]",
            "'unevaluatedItems':false",
            "'maxItems':1",
            "'minItems':2",
            "'uniqueItems':true",
            "'contains':{'type':'number'}",
            "'contains':{'type':'number'},'minContains':2",
            "'contains':{'type':'number'},'maxContains':1",
            "'anyOf':[{'type':'string'},{'type':'integer'}]",
            "'allOf':[{'minimum':1},{'type':'number'}]",
            "'not':{'type':'null'}");

    private static final List<String> SUBSCHEMA_MAPS = List.of("properties", "patternProperties", "dependentSchemas");
    private static final List<String> SUBSCHEMA_LISTS = List.of("prefixItems", "anyOf", "allOf");
    private static final List<String> SUBSCHEMAS =
            List.of("items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "not");

    /** Every schema object in {@code node}, itself included. */
    private static void schemaObjects(JsonNode node, List<ObjectNode> found) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        found.add(object);
        SUBSCHEMAS.forEach(keyword -> schemaObjects(object.path(keyword), found));
        SUBSCHEMA_LISTS.forEach(keyword -> object.path(keyword).forEach(child -> schemaObjects(child, found)));
        SUBSCHEMA_MAPS.forEach(keyword -> object.path(keyword).forEach(child -> schemaObjects(child, found)));
    }

    /** {@code original} after one or two random edits: a keyword removed, added or set, or a number moved by one. */
    private static String edited(String original, long seed) {
        Random random = new Random(seed);
        JsonNode root = read(original);
        for (int edit = 0; edit <= random.nextInt(2); edit++) {
            List<ObjectNode> objects = new ArrayList<>();
            schemaObjects(root, objects);
            if (objects.isEmpty()) {
                return original;
            }
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            int kind = random.nextInt(3);
            if (kind == 0 && !names.isEmpty()) {
                target.remove(names.get(random.nextInt(names.size())));
            } else if (kind == 1 && names.stream().anyMatch(n -> target.get(n).isNumber())) {
                String number = names.stream()
                        .filter(n -> target.get(n).isNumber())
                        .findFirst()
                        .orElseThrow();
                target.put(number, Math.max(1, target.get(number).asInt() + (random.nextBoolean() ? 1 : -1)));
            } else {
                String added = EDITS.get(random.nextInt(EDITS.size()));
                if (added.contains("uniqueItems")
                        && !target.path("type").asText().equals("array")) {
                    // networknt's validator applies uniqueItems to an object's values too; the spec does not
                    added = "'maxItems':1";
                }
                JsonNode keyword = read("{" + added + "}");
                keyword.properties().forEach(member -> target.set(member.getKey(), member.getValue()));
            }
        }
        return tidy(root.toString());
    }

    /**
     * Leaves out what the comparer does not model, and what networknt's validator reads against the spec: items that
     * {@code contains} matches count as evaluated for {@code unevaluatedItems} (the comparer reads unevaluatedItems
     * as the tuple's rest alone, as Confluent does); networknt refuses every value, arrays or not, where
     * {@code minContains > maxContains}, and applies them without {@code contains}, where they mean nothing.
     */
    private static String tidy(String schema) {
        JsonNode root = read(schema);
        List<ObjectNode> objects = new ArrayList<>();
        schemaObjects(root, objects);
        for (ObjectNode object : objects) {
            if (object.has("unevaluatedItems")) {
                object.remove("contains");
            }
            if (!object.has("contains")) {
                object.remove(List.of("minContains", "maxContains"));
            } else if (object.path("minContains").asInt(1)
                    > object.path("maxContains").asInt(Integer.MAX_VALUE)) {
                object.remove("maxContains");
            }
        }
        return root.toString();
    }

    @Property(tries = 2000)
    void whatTheOriginalAcceptedAnEditedCompatibleUpdateAccepts(
            @ForAll("smallSchemas") String original, @ForAll long seed, @ForAll("values") List<JsonNode> data) {
        String update = edited(original, seed);
        checkSound(original, update, data);
        checkSound(update, original, data);
    }

    /** The same with the schemas written in draft 7's words, read by the comparer and validated as draft 7. */
    @Property(tries = 1000)
    void whatTheOriginalAcceptedAnEditedCompatibleUpdateAcceptsInDraft7(
            @ForAll("smallSchemas") String original, @ForAll long seed, @ForAll("values") List<JsonNode> data) {
        String before = draft7(original);
        String after = draft7(edited(original, seed));
        checkSound(before, after, data, DRAFT_7_VALIDATORS);
        checkSound(after, before, data, DRAFT_7_VALIDATORS);
    }

    /**
     * A generated 2020-12 schema in draft 7's words: {@code prefixItems} and the rest {@code items} become an
     * {@code items} array and {@code additionalItems}, {@code dependentRequired}/{@code dependentSchemas} become
     * {@code dependencies}, unevaluated keywords become additional ones (the same here: no generated object or array
     * has a combiner beside them), and {@code minContains}/{@code maxContains}, which draft 7 lacks, go.
     */
    private static String draft7(String schema) {
        JsonNode root = read(schema);
        List<ObjectNode> objects = new ArrayList<>();
        schemaObjects(root, objects);
        for (ObjectNode object : objects) {
            if (object.has("prefixItems")) {
                JsonNode rest = object.remove("items");
                object.set("items", object.remove("prefixItems"));
                if (rest != null) {
                    object.set("additionalItems", rest);
                }
            }
            JsonNode unevaluatedItems = object.remove("unevaluatedItems");
            if (unevaluatedItems != null && !object.has("additionalItems")) {
                object.set(object.path("items").isArray() ? "additionalItems" : "items", unevaluatedItems);
            }
            JsonNode unevaluatedProperties = object.remove("unevaluatedProperties");
            if (unevaluatedProperties != null && !object.has("additionalProperties")) {
                object.set("additionalProperties", unevaluatedProperties);
            }
            for (String keyword : List.of("dependentRequired", "dependentSchemas")) {
                JsonNode dependencies = object.remove(keyword);
                if (dependencies != null) {
                    ObjectNode merged = object.has("dependencies")
                            ? (ObjectNode) object.get("dependencies")
                            : object.putObject("dependencies");
                    dependencies.properties().forEach(d -> merged.set(d.getKey(), d.getValue()));
                }
            }
            object.remove(List.of("minContains", "maxContains"));
        }
        if (root instanceof ObjectNode object) {
            object.put("$schema", "http://json-schema.org/draft-07/schema#");
        }
        return root.toString();
    }

    @Property(tries = 300)
    void whatTheOriginalAcceptedACompatibleUpdateAccepts(
            @ForAll("schemas") String original,
            @ForAll("schemas") String update,
            @ForAll("values") List<JsonNode> data) {
        checkSound(original, update, data);
    }

    private static void checkSound(String original, String update, List<JsonNode> data) {
        checkSound(original, update, data, VALIDATORS);
    }

    private static void checkSound(String original, String update, List<JsonNode> data, SchemaRegistry validators) {
        List<Difference> incompatible = JsonSchemaCompatibility.incompatibilities(parse(original), parse(update));
        if (!incompatible.isEmpty()) {
            Statistics.collect("incompatible");
            return;
        }
        Schema before = validators.getSchema(read(original));
        Schema after = validators.getSchema(read(update));
        Statistics.collect(
                data.stream().anyMatch(value -> valid(before, value))
                        ? "compatible, data checked"
                        : "compatible, no data");
        for (JsonNode value : data) {
            if (valid(before, value)) {
                assertThat(valid(after, value))
                        .as(
                                "%s is valid under %s but not under %s (reported compatible: %s)",
                                value,
                                original,
                                update,
                                JsonSchemaCompatibility.differences(parse(original), parse(update)))
                        .isTrue();
            }
        }
    }
}
