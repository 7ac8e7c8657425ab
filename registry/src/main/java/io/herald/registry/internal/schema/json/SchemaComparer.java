package io.herald.registry.internal.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks an original and an updated JSON Schema side by side and lists their {@link Difference}s. A difference is
 * compatible when every value the original accepted is still accepted by the update:
 *
 * <ul>
 *   <li>annotations ({@code title}, {@code description}, {@code $id}, {@code default}...) never matter;
 *   <li>types: adding a type or widening integer to number is compatible; removing or changing one is not;
 *   <li>limits ({@code maxLength}, {@code minimum}, {@code maxItems}, {@code multipleOf}...): relaxing or removing is
 *       compatible, adding or tightening is not; {@code pattern} and {@code uniqueItems} may only be removed;
 *   <li>{@code enum}/{@code const}: the update's values must include the original's;
 *   <li>properties, by content model: an <em>open</em> model ({@code additionalProperties} absent or true) lets old
 *       data hold any property, so a property added to it must accept anything, and one removed from the update is
 *       fine; a <em>closed</em> model ({@code false}) had no other properties, so adding an optional one is fine and
 *       removing one is not; a <em>partially open</em> model (a schema for additional or pattern properties) decides
 *       by whether that schema covers the property;
 *   <li>{@code required}: removing an entry is compatible; adding one is not unless its property has a default;
 *   <li>{@code additionalProperties}/{@code additionalItems}: adding or extending is compatible, removing or narrowing
 *       is not; tuple items follow the same content-model rules as properties;
 *   <li>combined schemas: {@code oneOf}/{@code anyOf} may gain branches, {@code allOf} may lose them, each remaining
 *       original branch must be matched by a compatible update branch; {@code not} may only be narrowed; a plain
 *       schema may become a {@code oneOf}/{@code anyOf} that has a compatible branch.
 * </ul>
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
    private static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final RefResolver originalRefs;
    private final RefResolver updateRefs;
    private final Set<Pair> inProgress;
    private final List<Difference> differences = new ArrayList<>();

    SchemaComparer(RefResolver originalRefs, RefResolver updateRefs) {
        this(originalRefs, updateRefs, new HashSet<>());
    }

    private SchemaComparer(RefResolver originalRefs, RefResolver updateRefs, Set<Pair> inProgress) {
        this.originalRefs = originalRefs;
        this.updateRefs = updateRefs;
        this.inProgress = inProgress;
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

    private boolean compatible(JsonNode original, JsonNode update) {
        SchemaComparer nested = new SchemaComparer(originalRefs, updateRefs, inProgress);
        nested.compare("#", original, update);
        return nested.differences.stream().allMatch(Difference::compatible);
    }

    private void add(String type, String path, boolean compatible) {
        differences.add(new Difference(type, path, compatible));
    }

    private void compare(String path, JsonNode originalNode, JsonNode updateNode) {
        JsonNode o = normal(originalRefs.resolve(originalNode));
        JsonNode u = normal(updateRefs.resolve(updateNode));
        Pair pair = new Pair(o, u);
        if (!inProgress.add(pair)) {
            return;
        }
        try {
            if (rejectsEverything(o) || acceptsEverything(u)) {
                return;
            }
            if (rejectsEverything(u)) {
                add("TYPE_NARROWED", path, false);
                return;
            }
            if (compareCombined(path, o, u)) {
                return;
            }
            compareNot(path, o, u);
            compareValues(path, o, u);
            Set<String> shared = compareTypes(path, o, u);
            if (shared.contains("string")) {
                compareString(path, o, u);
            }
            if (shared.contains("number") || shared.contains("integer")) {
                compareNumber(path, o, u);
            }
            if (shared.contains("object")) {
                compareObject(path, o, u);
            }
            if (shared.contains("array")) {
                compareArray(path, o, u);
            }
        } finally {
            inProgress.remove(pair);
        }
    }

    /** {@code true} as {}, {@code false} as {"not":{}}, so every schema is an object. */
    private static JsonNode normal(JsonNode node) {
        if (node == null || node.isMissingNode() || (node.isBoolean() && node.asBoolean())) {
            return EMPTY;
        }
        if (node.isBoolean()) {
            return JsonNodeFactory.instance.objectNode().set("not", EMPTY);
        }
        return node;
    }

    private static boolean acceptsEverything(JsonNode node) {
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

    private static String combiner(JsonNode node) {
        for (String keyword : List.of("oneOf", "anyOf", "allOf")) {
            if (node.path(keyword).isArray()) {
                return keyword;
            }
        }
        return null;
    }

    /** @return true when the combined schemas decided the whole comparison at this node */
    private boolean compareCombined(String path, JsonNode o, JsonNode u) {
        String oc = combiner(o);
        String uc = combiner(u);
        if (oc == null && uc == null) {
            return false;
        }
        if (oc == null) {
            List<JsonNode> branches = list(u.get(uc));
            boolean ok = uc.equals("allOf")
                    ? branches.stream().allMatch(b -> compatible(o, b))
                    : branches.stream().anyMatch(b -> compatible(o, b));
            add(ok ? "COMBINED_TYPE_EXTENDED" : "COMBINED_TYPE_CHANGED", path, ok);
            return true;
        }
        if (uc == null) {
            List<JsonNode> branches = list(o.get(oc));
            boolean ok = oc.equals("allOf")
                    ? branches.stream().anyMatch(b -> compatible(b, u))
                    : branches.stream().allMatch(b -> compatible(b, u));
            add("COMBINED_TYPE_CHANGED", path, ok);
            return true;
        }
        boolean oSum = !oc.equals("allOf");
        boolean uSum = !uc.equals("allOf");
        if (oSum != uSum || (oc.equals("anyOf") && uc.equals("oneOf"))) {
            add("COMBINED_TYPE_CHANGED", path + "/" + oc, false);
            return true;
        }
        List<JsonNode> oBranches = list(o.get(oc));
        List<JsonNode> uBranches = list(u.get(uc));
        String at = path + "/" + oc;
        if (oSum) {
            // every original branch needs its own update branch that accepts its data
            int matched = matching(oBranches, uBranches, (ob, ub) -> compatible(ob, ub));
            if (oBranches.size() > uBranches.size()) {
                add("SUM_TYPE_NARROWED", at, false);
            } else if (matched < oBranches.size()) {
                add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", at, false);
            } else if (uBranches.size() > oBranches.size()) {
                add("SUM_TYPE_EXTENDED", at, true);
            }
            if (!oc.equals(uc)) {
                add("COMBINED_TYPE_EXTENDED", at, true);
            }
        } else {
            // every update constraint must already hold for data the original accepted
            int matched = matching(uBranches, oBranches, (ub, ob) -> compatible(ob, ub));
            if (uBranches.size() > oBranches.size()) {
                add("PRODUCT_TYPE_EXTENDED", at, false);
            } else if (matched < uBranches.size()) {
                add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", at, false);
            } else if (uBranches.size() < oBranches.size()) {
                add("PRODUCT_TYPE_NARROWED", at, true);
            }
        }
        return false;
    }

    private interface Fits {
        boolean test(JsonNode left, JsonNode right);
    }

    /** The size of a maximum matching of {@code left} into {@code right} where {@code fits} (Kuhn's algorithm). */
    private static int matching(List<JsonNode> left, List<JsonNode> right, Fits fits) {
        boolean[][] edges = new boolean[left.size()][right.size()];
        for (int i = 0; i < left.size(); i++) {
            for (int j = 0; j < right.size(); j++) {
                edges[i][j] = fits.test(left.get(i), right.get(j));
            }
        }
        int[] owner = new int[right.size()];
        java.util.Arrays.fill(owner, -1);
        int size = 0;
        for (int i = 0; i < left.size(); i++) {
            if (augment(i, edges, owner, new boolean[right.size()])) {
                size++;
            }
        }
        return size;
    }

    private static boolean augment(int i, boolean[][] edges, int[] owner, boolean[] seen) {
        for (int j = 0; j < owner.length; j++) {
            if (edges[i][j] && !seen[j]) {
                seen[j] = true;
                if (owner[j] < 0 || augment(owner[j], edges, owner, seen)) {
                    owner[j] = i;
                    return true;
                }
            }
        }
        return false;
    }

    private void compareNot(String path, JsonNode o, JsonNode u) {
        JsonNode on = o.get("not");
        JsonNode un = u.get("not");
        if (un == null) {
            if (on != null) {
                add("NOT_TYPE_REMOVED", path + "/not", true);
            }
            return;
        }
        if (on == null) {
            add("NOT_TYPE_ADDED", path + "/not", false);
            return;
        }
        // not X accepts all that not Y accepted when X accepts no more than Y
        boolean narrowed = compatible(un, on);
        if (!narrowed || !on.equals(un)) {
            add(narrowed ? "NOT_TYPE_NARROWED" : "NOT_TYPE_EXTENDED", path + "/not", narrowed);
        }
    }

    // ---- enum and const

    private void compareValues(String path, JsonNode o, JsonNode u) {
        Set<JsonNode> ov = values(o);
        Set<JsonNode> uv = values(u);
        String keyword = u.has("enum") || o.has("enum") ? "ENUM_ARRAY" : "CONST";
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

    private static Set<JsonNode> values(JsonNode node) {
        if (node.path("enum").isArray()) {
            return new LinkedHashSet<>(list(node.get("enum")));
        }
        if (node.has("const")) {
            return Set.of(node.get("const"));
        }
        return null;
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
    private void compareLimit(String path, JsonNode o, JsonNode u, String keyword, String name, boolean upper) {
        JsonNode ol = o.get(keyword);
        JsonNode ul = u.get(keyword);
        if (ol != null && !ol.isNumber()) {
            ol = null; // draft-4 boolean exclusiveMaximum/Minimum: compared by compareExclusiveFlag
        }
        if (ul != null && !ul.isNumber()) {
            ul = null;
        }
        String at = path + "/" + keyword;
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

    // ---- objects

    private enum ContentModel {
        OPEN,
        CLOSED,
        PARTIALLY_OPEN
    }

    private static ContentModel contentModel(JsonNode additional, JsonNode patterns) {
        if (patterns != null && patterns.isObject() && !patterns.isEmpty()) {
            return ContentModel.PARTIALLY_OPEN;
        }
        if (additional == null || (additional.isBoolean() && additional.asBoolean())) {
            return ContentModel.OPEN;
        }
        if (additional.isBoolean()) {
            return ContentModel.CLOSED;
        }
        return acceptsEverything(additional) ? ContentModel.OPEN : ContentModel.PARTIALLY_OPEN;
    }

    private static JsonNode additionalProperties(JsonNode node) {
        JsonNode additional = node.get("additionalProperties");
        return additional != null ? additional : node.get("unevaluatedProperties");
    }

    /** The schema a property not declared in {@code properties} must match in {@code node}. */
    private static JsonNode undeclaredPropertySchema(JsonNode node, String name) {
        JsonNode patterns = node.get("patternProperties");
        if (patterns != null && patterns.isObject()) {
            for (Map.Entry<String, JsonNode> pattern : patterns.properties()) {
                try {
                    if (java.util.regex.Pattern.compile(pattern.getKey())
                            .matcher(name)
                            .find()) {
                        return pattern.getValue();
                    }
                } catch (java.util.regex.PatternSyntaxException e) {
                    // an ECMA regex Java cannot read: treated as not matching
                }
            }
        }
        JsonNode additional = additionalProperties(node);
        return additional == null ? EMPTY : additional;
    }

    private void compareObject(String path, JsonNode o, JsonNode u) {
        compareLimit(path, o, u, "maxProperties", "MAX_PROPERTIES", true);
        compareLimit(path, o, u, "minProperties", "MIN_PROPERTIES", false);
        JsonNode op = o.path("properties");
        JsonNode up = u.path("properties");
        Set<String> uRequired = strings(u.get("required"));
        Set<String> oRequired = strings(o.get("required"));
        Set<String> names = new LinkedHashSet<>();
        op.fieldNames().forEachRemaining(names::add);
        up.fieldNames().forEachRemaining(names::add);
        ContentModel oModel = contentModel(additionalProperties(o), o.get("patternProperties"));
        ContentModel uModel = contentModel(additionalProperties(u), u.get("patternProperties"));
        for (String name : names) {
            String at = path + "/properties/" + name;
            if (op.has(name) && up.has(name)) {
                compare(at, op.get(name), up.get(name));
            } else if (op.has(name)) {
                boolean covered = compatible(op.get(name), undeclaredPropertySchema(u, name));
                String type = switch (uModel) {
                    case OPEN -> "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL";
                    case CLOSED -> "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL";
                    case PARTIALLY_OPEN ->
                        covered
                                ? "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                                : "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL";
                };
                add(type, at, covered);
            } else {
                JsonNode added = up.get(name);
                boolean covered = compatible(undeclaredPropertySchema(o, name), added);
                boolean required = uRequired.contains(name);
                String type = switch (oModel) {
                    case OPEN ->
                        acceptsEverything(normal(added))
                                ? "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
                                : "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL";
                    case CLOSED ->
                        required
                                ? (added.has("default")
                                        ? "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"
                                        : "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")
                                : "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL";
                    case PARTIALLY_OPEN ->
                        covered
                                ? "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                                : "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL";
                };
                add(type, at, covered);
            }
        }
        for (String name : uRequired) {
            if (!oRequired.contains(name)) {
                boolean hasDefault = up.path(name).has("default");
                add(
                        hasDefault ? "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED" : "REQUIRED_ATTRIBUTE_ADDED",
                        path + "/required/" + name,
                        hasDefault);
            }
        }
        for (String name : oRequired) {
            if (!uRequired.contains(name)) {
                add("REQUIRED_ATTRIBUTE_REMOVED", path + "/required/" + name, true);
            }
        }
        comparePatternProperties(path, o, u);
        compareAdditional(
                path + "/additionalProperties",
                additionalProperties(o),
                additionalProperties(u),
                "ADDITIONAL_PROPERTIES");
    }

    private void comparePatternProperties(String path, JsonNode o, JsonNode u) {
        JsonNode opp = o.path("patternProperties");
        JsonNode upp = u.path("patternProperties");
        Set<String> patterns = new LinkedHashSet<>();
        opp.fieldNames().forEachRemaining(patterns::add);
        upp.fieldNames().forEachRemaining(patterns::add);
        for (String pattern : patterns) {
            String at = path + "/patternProperties/" + pattern;
            if (opp.has(pattern) && upp.has(pattern)) {
                compare(at, opp.get(pattern), upp.get(pattern));
            } else if (opp.has(pattern)) {
                JsonNode rest = additionalProperties(u);
                add("PATTERN_PROPERTY_REMOVED", at, compatible(opp.get(pattern), rest == null ? EMPTY : rest));
            } else {
                JsonNode rest = additionalProperties(o);
                add("PATTERN_PROPERTY_ADDED", at, compatible(rest == null ? EMPTY : rest, upp.get(pattern)));
            }
        }
    }

    /** {@code additionalProperties} or {@code additionalItems}: absent/true open, false closed, else a schema. */
    private void compareAdditional(String at, JsonNode oa, JsonNode ua, String name) {
        ContentModel om = contentModel(oa, null);
        ContentModel um = contentModel(ua, null);
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

    // ---- arrays

    private void compareArray(String path, JsonNode o, JsonNode u) {
        compareLimit(path, o, u, "maxItems", "MAX_ITEMS", true);
        compareLimit(path, o, u, "minItems", "MIN_ITEMS", false);
        boolean ou = o.path("uniqueItems").asBoolean(false);
        boolean uu = u.path("uniqueItems").asBoolean(false);
        if (ou != uu) {
            add(uu ? "UNIQUE_ITEMS_ADDED" : "UNIQUE_ITEMS_REMOVED", path + "/uniqueItems", !uu);
        }
        List<JsonNode> oTuple = tuple(o);
        List<JsonNode> uTuple = tuple(u);
        JsonNode oRest = restItems(o);
        JsonNode uRest = restItems(u);
        for (int i = 0; i < Math.max(oTuple.size(), uTuple.size()); i++) {
            String at = path + "/items/" + i;
            if (i < oTuple.size() && i < uTuple.size()) {
                compare(at, oTuple.get(i), uTuple.get(i));
            } else if (i < oTuple.size()) {
                boolean covered = compatible(oTuple.get(i), uRest == null ? EMPTY : uRest);
                ContentModel model = contentModel(uRest, null);
                add(
                        switch (model) {
                            case OPEN -> "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL";
                            case CLOSED -> "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL";
                            case PARTIALLY_OPEN ->
                                covered
                                        ? "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                                        : "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL";
                        },
                        at,
                        covered);
            } else {
                JsonNode added = uTuple.get(i);
                boolean covered = compatible(oRest == null ? EMPTY : oRest, added);
                ContentModel model = contentModel(oRest, null);
                add(
                        switch (model) {
                            case OPEN ->
                                acceptsEverything(normal(added))
                                        ? "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
                                        : "ITEM_ADDED_TO_OPEN_CONTENT_MODEL";
                            case CLOSED -> "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL";
                            case PARTIALLY_OPEN ->
                                covered
                                        ? "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                                        : "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL";
                        },
                        at,
                        covered);
            }
        }
        String restName = oTuple.isEmpty() && uTuple.isEmpty() ? "ITEMS" : "ADDITIONAL_ITEMS";
        if (restName.equals("ITEMS")) {
            if (oRest != null || uRest != null) {
                compare(path + "/items", oRest == null ? EMPTY : oRest, uRest == null ? EMPTY : uRest);
            }
        } else {
            compareAdditional(path + "/additionalItems", oRest, uRest, restName);
        }
    }

    /** Positional item schemas: 2020-12 {@code prefixItems}, or the array form of {@code items} before it. */
    private static List<JsonNode> tuple(JsonNode node) {
        if (node.path("prefixItems").isArray()) {
            return list(node.get("prefixItems"));
        }
        if (node.path("items").isArray()) {
            return list(node.get("items"));
        }
        return List.of();
    }

    /** The schema of items after the tuple, or of every item when there is no tuple; null when absent (any). */
    private static JsonNode restItems(JsonNode node) {
        if (node.path("prefixItems").isArray()) {
            return node.get("items");
        }
        if (node.path("items").isArray()) {
            return node.get("additionalItems");
        }
        return node.get("items");
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
