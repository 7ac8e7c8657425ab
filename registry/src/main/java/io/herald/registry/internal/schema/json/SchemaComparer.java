package io.herald.registry.internal.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Walks an original and an updated JSON Schema side by side and lists their {@link Difference}s, named as Confluent's
 * {@code Difference.Type}s. A difference is compatible when every value the original accepted is still accepted by
 * the update:
 *
 * <ul>
 *   <li>annotations ({@code $id}, {@code title}, {@code description}, {@code default}) are reported
 *       ({@code ID_CHANGED}...) and never matter;
 *   <li>types: adding a type or widening integer to number is compatible; removing or changing one is not;
 *   <li>limits ({@code maxLength}, {@code minimum}, {@code maxItems}, {@code maxContains}, {@code multipleOf}...):
 *       relaxing or removing is compatible, adding or tightening is not; {@code pattern} and {@code uniqueItems} may
 *       only be removed;
 *   <li>{@code enum}/{@code const}: the update's values must include the original's;
 *   <li>object keywords ({@link ObjectComparer}): properties by content model, {@code required}, dependencies,
 *       {@code additionalProperties}/{@code unevaluatedProperties};
 *   <li>array keywords ({@link ArrayComparer}): the items schema, tuples by content model, {@code additionalItems}/
 *       {@code unevaluatedItems};
 *   <li>combined schemas ({@link CombinedComparer}): {@code oneOf}/{@code anyOf} may gain branches, {@code allOf}
 *       may lose them, each remaining original branch must be matched by a compatible update branch; {@code not} may
 *       only be narrowed; a plain schema may become a {@code oneOf}/{@code anyOf} that has a compatible branch.
 * </ul>
 *
 * As in Confluent, {@code format}, {@code propertyNames}, {@code if}/{@code then}/{@code else} and the {@code contains}
 * schema are not compared (only the {@code minContains}/{@code maxContains} counts are). A {@code $ref} stands for
 * its target, and from draft 2019-09 on for the {@code allOf} of its target and the keywords beside it.
 *
 * Not thread-safe: one instance per comparison.
 */
final class SchemaComparer {

    private static final Set<String> ANNOTATIONS = Set.of(
            "$schema",
            "$id",
            "id",
            "title",
            "description",
            "default",
            "examples",
            "$comment",
            "$defs",
            "definitions",
            "readOnly",
            "writeOnly",
            "deprecated",
            "$anchor",
            "format");
    private static final List<String> TYPES =
            List.of("null", "boolean", "object", "array", "number", "integer", "string");
    static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final RefResolver originalRefs;
    private final RefResolver updateRefs;
    private final Set<Pair> inProgress;
    /**
     * Schemas rewritten for comparison ({@link #oneCombiner}, {@link #siblings}), by identity, so that a recursive
     * schema meets the same rewritten node again and the recursion check above stops it.
     */
    private final Map<JsonNode, JsonNode> combined;

    private final Map<JsonNode, JsonNode> siblings;

    private final List<Difference> differences = new ArrayList<>();

    SchemaComparer(RefResolver originalRefs, RefResolver updateRefs) {
        this(originalRefs, updateRefs, new HashSet<>(), new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    private SchemaComparer(
            RefResolver originalRefs,
            RefResolver updateRefs,
            Set<Pair> inProgress,
            Map<JsonNode, JsonNode> combined,
            Map<JsonNode, JsonNode> siblings) {
        this.originalRefs = originalRefs;
        this.updateRefs = updateRefs;
        this.inProgress = inProgress;
        this.combined = combined;
        this.siblings = siblings;
    }

    /** Nodes compared by identity, so a recursive schema stops at the pair it is already comparing. */
    private record Pair(JsonNode original, JsonNode update) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Pair pair && pair.original == original && pair.update == update;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(original) * 31 + System.identityHashCode(update);
        }
    }

    List<Difference> compare(JsonNode original, JsonNode update) {
        compare("#", original, update);
        return List.copyOf(differences);
    }

    boolean compatible(JsonNode original, JsonNode update) {
        return nested("#", original, update).stream().allMatch(Difference::compatible);
    }

    /** The differences of a pair compared apart, not added to this comparison's. */
    List<Difference> nested(String path, JsonNode original, JsonNode update) {
        SchemaComparer nested = new SchemaComparer(originalRefs, updateRefs, inProgress, combined, siblings);
        nested.compare(path, original, update);
        return nested.differences;
    }

    void add(String type, String path, boolean compatible) {
        differences.add(new Difference(type, path, compatible));
    }

    void addAll(List<Difference> found) {
        differences.addAll(found);
    }

    void compare(String path, JsonNode originalNode, JsonNode updateNode) {
        JsonNode o = oneCombiner(normal(resolve(originalRefs, originalNode)));
        JsonNode u = oneCombiner(normal(resolve(updateRefs, updateNode)));
        Pair pair = new Pair(o, u);
        if (!inProgress.add(pair)) {
            return;
        }
        try {
            compareAnnotations(path, o, u);
            if (rejectsEverything(o) || acceptsEverything(u)) {
                return;
            }
            if (rejectsEverything(u)) {
                add("TYPE_NARROWED", path, false);
                return;
            }
            CombinedComparer combiners = new CombinedComparer(this);
            if (combiners.compareCombined(path, o, u)) {
                return;
            }
            combiners.compareNot(path, o, u);
            compareValues(path, o, u);
            Set<String> shared = compareTypes(path, o, u);
            if (shared.contains("string")) {
                compareString(path, o, u);
            }
            if (shared.contains("number") || shared.contains("integer")) {
                compareNumber(path, o, u);
            }
            if (shared.contains("object")) {
                new ObjectComparer(this).compare(path, o, u);
            }
            if (shared.contains("array")) {
                new ArrayComparer(this).compare(path, o, u);
            }
        } finally {
            inProgress.remove(pair);
        }
    }

    /**
     * Changes to annotations, which never matter to data: reported, as Confluent does, and always compatible. Other
     * annotations ({@code examples}, {@code $comment}, {@code format}...) are not reported.
     */
    private void compareAnnotations(String path, JsonNode o, JsonNode u) {
        JsonNode oid = o.has("$id") ? o.get("$id") : o.get("id");
        JsonNode uid = u.has("$id") ? u.get("$id") : u.get("id");
        if (!Objects.equals(oid, uid)) {
            add("ID_CHANGED", path, true);
        }
        for (String keyword : List.of("title", "description", "default")) {
            if (!Objects.equals(o.get(keyword), u.get(keyword))) {
                add(keyword.toUpperCase(Locale.ROOT) + "_CHANGED", path, true);
            }
        }
    }

    /** {@code true} as {}, {@code false} as {"not":{}}, so every schema is an object. */
    static JsonNode normal(JsonNode node) {
        if (node == null || node.isMissingNode() || (node.isBoolean() && node.asBoolean())) {
            return EMPTY;
        }
        if (node.isBoolean()) {
            return JsonNodeFactory.instance.objectNode().set("not", EMPTY);
        }
        return node;
    }

    static boolean acceptsEverything(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!ANNOTATIONS.contains(field.getKey())) {
                return false;
            }
        }
        return true;
    }

    private static boolean rejectsEverything(JsonNode node) {
        if (node.isBoolean()) {
            return !node.asBoolean();
        }
        JsonNode not = node.get("not");
        return not != null && acceptsEverything(normal(not));
    }

    // ---- combined schemas

    static final List<String> COMBINERS = List.of("oneOf", "anyOf", "allOf");

    /**
     * A schema with more than one of {@code oneOf}/{@code anyOf}/{@code allOf} as the one {@code allOf} of its parts
     * (the other keywords, then each combiner), so that every combiner is compared, not only the first.
     */
    private JsonNode oneCombiner(JsonNode node) {
        if (COMBINERS.stream().filter(keyword -> node.path(keyword).isArray()).count() < 2) {
            return node;
        }
        return combined.computeIfAbsent(node, n -> {
            ObjectNode whole = JsonNodeFactory.instance.objectNode();
            ArrayNode parts = whole.putArray("allOf");
            parts.add(withoutCombiners(n));
            for (String keyword : List.of("oneOf", "anyOf")) {
                if (n.path(keyword).isArray()) {
                    parts.addObject().set(keyword, n.get(keyword));
                }
            }
            n.get("allOf").forEach(parts::add);
            return whole;
        });
    }

    /**
     * The schema a node stands for: its {@code $ref} target; or, since draft 2019-09, where other keywords stand beside
     * the {@code $ref}, the {@code allOf} of the reference and those keywords (as Confluent's 2020-12 reading does).
     */
    private JsonNode resolve(RefResolver refs, JsonNode node) {
        if (!refs.siblingsOfRefApply() || !node.isObject() || !node.has("$ref")) {
            return refs.resolve(node);
        }
        ObjectNode others = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(member -> {
            if (!member.getKey().equals("$ref")) {
                others.set(member.getKey(), member.getValue());
            }
        });
        if (acceptsEverything(others)) {
            return refs.resolve(node);
        }
        return combined.computeIfAbsent(node, n -> {
            ObjectNode whole = JsonNodeFactory.instance.objectNode();
            ArrayNode parts = whole.putArray("allOf");
            parts.addObject().set("$ref", n.get("$ref"));
            parts.add(others);
            return whole;
        });
    }

    /** The schema's keywords other than its combiners: what holds besides them (cached: see {@link #combined}). */
    JsonNode siblings(JsonNode node) {
        return siblings.computeIfAbsent(node, SchemaComparer::withoutCombiners);
    }

    private static ObjectNode withoutCombiners(JsonNode node) {
        ObjectNode rest = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(member -> {
            if (!COMBINERS.contains(member.getKey())) {
                rest.set(member.getKey(), member.getValue());
            }
        });
        return rest;
    }

    // ---- enum and const

    private void compareValues(String path, JsonNode o, JsonNode u) {
        Set<JsonNode> ov = values(o);
        Set<JsonNode> uv = values(u);
        // Confluent names a changed const ENUM_ARRAY_CHANGED too: a const is a one-value enum
        String keyword = "ENUM_ARRAY";
        if (uv == null) {
            if (ov != null) {
                add(keyword + "_REMOVED", path, true);
            }
            return;
        }
        if (ov == null) {
            add(keyword + "_ADDED", path, false);
            return;
        }
        if (uv.containsAll(ov)) {
            if (uv.size() > ov.size()) {
                add(keyword + "_EXTENDED", path, true);
            }
        } else {
            add(ov.containsAll(uv) ? keyword + "_NARROWED" : keyword + "_CHANGED", path, false);
        }
    }

    /** The values {@code enum} and {@code const} allow together; null when neither limits them. */
    private static Set<JsonNode> values(JsonNode node) {
        Set<JsonNode> values = null;
        if (node.path("enum").isArray()) {
            values = new LinkedHashSet<>(list(node.get("enum")));
        }
        if (node.has("const")) {
            JsonNode constant = node.get("const");
            values = values == null || values.contains(constant) ? Set.of(constant) : Set.of();
        }
        return values;
    }

    // ---- types

    private static Set<String> types(JsonNode node) {
        JsonNode type = node.get("type");
        if (type == null) {
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode name : type.isArray() ? list(type) : List.of(type)) {
            types.add(name.asText());
        }
        return types;
    }

    private static boolean accepts(Set<String> types, String type) {
        return types == null || types.contains(type) || (type.equals("integer") && types.contains("number"));
    }

    /** @return the types both schemas allow, whose keywords are compared next */
    private Set<String> compareTypes(String path, JsonNode o, JsonNode u) {
        Set<String> ot = types(o);
        Set<String> ut = types(u);
        Set<String> shared = new LinkedHashSet<>();
        boolean overlap = false;
        for (String type : ot == null ? TYPES : ot) {
            if (accepts(ut, type)) {
                shared.add(type);
            } else if (type.equals("number") && ut.contains("integer")) {
                overlap = true; // number narrowed to integer: whole numbers still pass
            }
        }
        if (ut == null) {
            if (ot != null) {
                add("TYPE_EXTENDED", path + "/type", true);
            }
            return shared;
        }
        if (ot == null) {
            add("TYPE_NARROWED", path + "/type", false);
            return shared;
        }
        if (shared.isEmpty() && !overlap) {
            add("TYPE_CHANGED", path + "/type", false);
        } else if (shared.size() < ot.size()) {
            add("TYPE_NARROWED", path + "/type", false);
            if (overlap) {
                shared.add("integer");
            }
        } else if (!ot.equals(ut)) {
            add("TYPE_EXTENDED", path + "/type", true);
        }
        return shared;
    }

    // ---- limits

    /**
     * @param upper true when the keyword is an upper bound (a bigger value accepts more)
     */
    void compareLimit(String path, JsonNode o, JsonNode u, String keyword, String name, boolean upper) {
        JsonNode ol = o.get(keyword);
        JsonNode ul = u.get(keyword);
        if (ol != null && !ol.isNumber()) {
            ol = null; // draft-4 boolean exclusiveMaximum/Minimum: compared by compareExclusiveFlag
        }
        if (ul != null && !ul.isNumber()) {
            ul = null;
        }
        compareLimitValues(path + "/" + keyword, ol, ul, name, upper);
    }

    /** A limit's values in both schemas, null when absent; {@code upper}: a bigger value accepts more. */
    void compareLimitValues(String at, JsonNode ol, JsonNode ul, String name, boolean upper) {
        if (ol == null && ul == null) {
            return;
        }
        if (ol == null) {
            add(name + "_ADDED", at, false);
        } else if (ul == null) {
            add(name + "_REMOVED", at, true);
        } else {
            int order = ul.decimalValue().compareTo(ol.decimalValue());
            if (order > 0) {
                add(name + "_INCREASED", at, upper);
            } else if (order < 0) {
                add(name + "_DECREASED", at, !upper);
            }
        }
    }

    private void compareString(String path, JsonNode o, JsonNode u) {
        compareLimit(path, o, u, "maxLength", "MAX_LENGTH", true);
        compareLimit(path, o, u, "minLength", "MIN_LENGTH", false);
        JsonNode op = o.get("pattern");
        JsonNode up = u.get("pattern");
        if (up == null) {
            if (op != null) {
                add("PATTERN_REMOVED", path + "/pattern", true);
            }
        } else if (op == null) {
            add("PATTERN_ADDED", path + "/pattern", false);
        } else if (!op.equals(up)) {
            add("PATTERN_CHANGED", path + "/pattern", false);
        }
    }

    private void compareNumber(String path, JsonNode o, JsonNode u) {
        compareLimit(path, o, u, "maximum", "MAXIMUM", true);
        compareLimit(path, o, u, "minimum", "MINIMUM", false);
        compareLimit(path, o, u, "exclusiveMaximum", "EXCLUSIVE_MAXIMUM", true);
        compareLimit(path, o, u, "exclusiveMinimum", "EXCLUSIVE_MINIMUM", false);
        compareFlag(path, o, u, "exclusiveMaximum", "EXCLUSIVE_MAXIMUM");
        compareFlag(path, o, u, "exclusiveMinimum", "EXCLUSIVE_MINIMUM");
        JsonNode om = o.get("multipleOf");
        JsonNode um = u.get("multipleOf");
        String at = path + "/multipleOf";
        if (um == null) {
            if (om != null) {
                add("MULTIPLE_OF_REMOVED", at, true);
            }
        } else if (om == null) {
            add("MULTIPLE_OF_ADDED", at, false);
        } else if (!om.decimalValue().equals(um.decimalValue())) {
            // every multiple of the old divisor stays a multiple of the new one when the new divides the old
            boolean divides = om.decimalValue().remainder(um.decimalValue()).signum() == 0;
            boolean extends_ = um.decimalValue().remainder(om.decimalValue()).signum() == 0;
            add(
                    divides ? "MULTIPLE_OF_REDUCED" : extends_ ? "MULTIPLE_OF_EXPANDED" : "MULTIPLE_OF_CHANGED",
                    at,
                    divides);
        }
    }

    /** Draft 4's boolean {@code exclusiveMaximum}/{@code exclusiveMinimum}: turning one on excludes a value. */
    private void compareFlag(String path, JsonNode o, JsonNode u, String keyword, String name) {
        boolean of = o.path(keyword).isBoolean() && o.get(keyword).asBoolean();
        boolean uf = u.path(keyword).isBoolean() && u.get(keyword).asBoolean();
        if (of != uf) {
            add(uf ? name + "_ADDED" : name + "_REMOVED", path + "/" + keyword, !uf);
        }
    }

    /**
     * {@code additionalProperties}, {@code unevaluatedProperties}, {@code additionalItems} or {@code unevaluatedItems}:
     * absent or true is open, false is closed, any other schema partially open.
     */
    void compareRest(String at, JsonNode oa, JsonNode ua, String name) {
        ContentModel om = ContentModel.of(oa, null);
        ContentModel um = ContentModel.of(ua, null);
        if (om == um) {
            if (om == ContentModel.PARTIALLY_OPEN) {
                compare(at, oa, ua);
            }
            return;
        }
        switch (om) {
            case CLOSED -> add(name + "_ADDED", at, true);
            case OPEN -> add(um == ContentModel.CLOSED ? name + "_REMOVED" : name + "_NARROWED", at, false);
            case PARTIALLY_OPEN -> {
                if (um == ContentModel.OPEN) {
                    add(name + "_EXTENDED", at, true);
                } else {
                    add(name + "_REMOVED", at, compatible(oa, ua));
                }
            }
        }
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
