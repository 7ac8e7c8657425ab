package io.herald.registry.internal.schema.json;

import static io.herald.registry.internal.schema.json.SchemaComparer.EMPTY;
import static io.herald.registry.internal.schema.json.SchemaComparer.acceptsEverything;
import static io.herald.registry.internal.schema.json.SchemaComparer.normal;
import static io.herald.registry.internal.schema.json.SchemaComparer.strings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The object keywords of one pair of schemas: {@code properties} by content model, {@code required},
 * {@code dependencies} ({@code dependentRequired}/{@code dependentSchemas} since 2019-09), {@code patternProperties},
 * {@code additionalProperties}/{@code unevaluatedProperties}, {@code maxProperties}/{@code minProperties}.
 * {@code propertyNames} is not compared, as in Confluent.
 *
 * <p>Not thread-safe: used by one {@link SchemaComparer} for one pair.
 */
final class ObjectComparer {

    private final SchemaComparer comparer;

    ObjectComparer(SchemaComparer comparer) {
        this.comparer = comparer;
    }

    void compare(String path, JsonNode o, JsonNode u) {
        comparer.compareLimit(path, o, u, "maxProperties", "MAX_PROPERTIES", true);
        comparer.compareLimit(path, o, u, "minProperties", "MIN_PROPERTIES", false);
        compareProperties(path, o, u);
        compareRequired(path, o, u);
        compareDependencies(path, o, u);
        comparePatternProperties(path, o, u);
        boolean unevaluated = !o.has("additionalProperties")
                && !u.has("additionalProperties")
                && (o.has("unevaluatedProperties") || u.has("unevaluatedProperties"));
        comparer.compareRest(
                path + (unevaluated ? "/unevaluatedProperties" : "/additionalProperties"),
                additionalProperties(o),
                additionalProperties(u),
                unevaluated ? "UNEVALUATED_PROPERTIES" : "ADDITIONAL_PROPERTIES");
    }

    /** The schema for properties neither named nor matched by a pattern; null when absent (anything). */
    private static JsonNode additionalProperties(JsonNode node) {
        JsonNode additional = node.get("additionalProperties");
        return additional != null ? additional : node.get("unevaluatedProperties");
    }

    private static ContentModel contentModel(JsonNode node) {
        return ContentModel.of(additionalProperties(node), node.get("patternProperties"));
    }

    /** The schema a property not declared in {@code properties} must match in {@code node}. */
    private static JsonNode undeclaredPropertySchema(JsonNode node, String name) {
        JsonNode patterns = node.get("patternProperties");
        if (patterns != null && patterns.isObject()) {
            for (Map.Entry<String, JsonNode> pattern : patterns.properties()) {
                if (matches(pattern.getKey(), name)) {
                    return pattern.getValue();
                }
            }
        }
        JsonNode additional = additionalProperties(node);
        return additional == null ? EMPTY : additional;
    }

    private void compareProperties(String path, JsonNode o, JsonNode u) {
        JsonNode op = o.path("properties");
        JsonNode up = u.path("properties");
        Set<String> names = new LinkedHashSet<>();
        op.fieldNames().forEachRemaining(names::add);
        up.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String at = path + "/properties/" + name;
            if (op.has(name) && up.has(name)) {
                comparer.compare(at, op.get(name), up.get(name));
            } else if (op.has(name)) {
                propertyRemoved(at, op.get(name), u, name);
            } else {
                propertyAdded(
                        at, name, up.get(name), o, strings(u.get("required")).contains(name));
            }
        }
    }

    /** Data valid before may hold the property; the update must still accept it through its rest schema. */
    private void propertyRemoved(String at, JsonNode removed, JsonNode u, String name) {
        boolean covered = comparer.compatible(removed, undeclaredPropertySchema(u, name));
        String type = switch (contentModel(u)) {
            case OPEN -> "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL";
            case CLOSED ->
                covered
                        ? "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
                        : "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL";
            case PARTIALLY_OPEN ->
                covered
                        ? "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                        : "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL";
        };
        comparer.add(type, at, covered);
    }

    /**
     * Data valid before may hold the property with whatever the original's rest schema allowed: anything in an open
     * model (so only an empty schema is safe), nothing in a closed one. A required new property also needs a default,
     * since data valid before may lack it. (Confluent reports an empty-schema property added to an open model as
     * compatible even when it is required; old data without it would then fail, so Herald reports it.)
     */
    private void propertyAdded(String at, String name, JsonNode added, JsonNode o, boolean required) {
        boolean covered = comparer.compatible(undeclaredPropertySchema(o, name), added);
        boolean hasDefault = added.has("default");
        switch (contentModel(o)) {
            case OPEN -> {
                if (required) {
                    comparer.add(
                            hasDefault
                                    ? "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"
                                    : "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                            at,
                            covered && hasDefault);
                } else if (acceptsEverything(normal(added))) {
                    comparer.add("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", at, true);
                } else {
                    comparer.add("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", at, covered);
                }
            }
            case CLOSED -> unopenAdded(at, required, hasDefault);
            case PARTIALLY_OPEN -> {
                comparer.add(
                        covered
                                ? "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                                : "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                        at,
                        covered);
                unopenAdded(at, required, hasDefault);
            }
        }
    }

    private void unopenAdded(String at, boolean required, boolean hasDefault) {
        if (!required) {
            comparer.add("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", at, true);
        } else if (hasDefault) {
            comparer.add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", at, true);
        } else {
            comparer.add("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", at, false);
        }
    }

    /** Required names of properties both schemas declare, or neither does; a new property's are reported above. */
    private void compareRequired(String path, JsonNode o, JsonNode u) {
        JsonNode op = o.path("properties");
        JsonNode up = u.path("properties");
        Set<String> oRequired = strings(o.get("required"));
        Set<String> uRequired = strings(u.get("required"));
        for (String name : uRequired) {
            if (!oRequired.contains(name) && (op.has(name) || !up.has(name))) {
                boolean hasDefault = up.path(name).has("default");
                comparer.add(
                        hasDefault ? "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED" : "REQUIRED_ATTRIBUTE_ADDED",
                        path + "/required/" + name,
                        hasDefault);
            }
        }
        for (String name : oRequired) {
            if (!uRequired.contains(name)) {
                comparer.add("REQUIRED_ATTRIBUTE_REMOVED", path + "/required/" + name, true);
            }
        }
    }

    /**
     * Property dependencies ({@code "dependencies":{"a":["b"]}}, 2019-09's {@code dependentRequired}: when a is present
     * b must be) and schema dependencies ({@code "dependencies":{"a":{..}}}, {@code dependentSchemas}: when a is
     * present the object must match the schema). Each is a constraint, so adding or extending one is incompatible and
     * removing or narrowing one is compatible. Reported at {@code #/dependencies/a} whichever keyword held it, as
     * Confluent does.
     */
    private void compareDependencies(String path, JsonNode o, JsonNode u) {
        Map<String, Set<String>> oArrays = new LinkedHashMap<>();
        Map<String, JsonNode> oSchemas = new LinkedHashMap<>();
        Map<String, Set<String>> uArrays = new LinkedHashMap<>();
        Map<String, JsonNode> uSchemas = new LinkedHashMap<>();
        dependencies(o, oArrays, oSchemas);
        dependencies(u, uArrays, uSchemas);
        Set<String> names = new LinkedHashSet<>(oArrays.keySet());
        names.addAll(uArrays.keySet());
        for (String name : names) {
            String at = path + "/dependencies/" + name;
            Set<String> before = oArrays.get(name);
            Set<String> after = uArrays.get(name);
            if (after == null) {
                comparer.add("DEPENDENCY_ARRAY_REMOVED", at, true);
            } else if (before == null) {
                comparer.add("DEPENDENCY_ARRAY_ADDED", at, after.isEmpty());
            } else if (!before.equals(after)) {
                if (after.containsAll(before)) {
                    comparer.add("DEPENDENCY_ARRAY_EXTENDED", at, false);
                } else if (before.containsAll(after)) {
                    comparer.add("DEPENDENCY_ARRAY_NARROWED", at, true);
                } else {
                    comparer.add("DEPENDENCY_ARRAY_CHANGED", at, false);
                }
            }
        }
        names = new LinkedHashSet<>(oSchemas.keySet());
        names.addAll(uSchemas.keySet());
        for (String name : names) {
            String at = path + "/dependencies/" + name;
            JsonNode before = oSchemas.get(name);
            JsonNode after = uSchemas.get(name);
            if (after == null) {
                comparer.add("DEPENDENCY_SCHEMA_REMOVED", at, true);
            } else if (before == null) {
                comparer.add("DEPENDENCY_SCHEMA_ADDED", at, acceptsEverything(normal(after)));
            } else {
                comparer.compare(at, before, after);
            }
        }
    }

    private static void dependencies(JsonNode node, Map<String, Set<String>> arrays, Map<String, JsonNode> schemas) {
        for (Map.Entry<String, JsonNode> entry : node.path("dependencies").properties()) {
            if (entry.getValue().isArray()) {
                arrays.put(entry.getKey(), strings(entry.getValue()));
            } else {
                schemas.put(entry.getKey(), entry.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> entry : node.path("dependentRequired").properties()) {
            arrays.put(entry.getKey(), strings(entry.getValue()));
        }
        for (Map.Entry<String, JsonNode> entry : node.path("dependentSchemas").properties()) {
            schemas.put(entry.getKey(), entry.getValue());
        }
    }

    /**
     * Whether a pattern the update adds accepts what the original allowed under the names it matches: the original's
     * rest, and (since a pattern applies to declared properties too) each declared property the pattern matches.
     */
    private boolean patternCovers(JsonNode o, String pattern, JsonNode patternSchema) {
        JsonNode rest = additionalProperties(o);
        if (!comparer.compatible(rest == null ? EMPTY : rest, patternSchema)) {
            return false;
        }
        for (Map.Entry<String, JsonNode> property : o.path("properties").properties()) {
            if (matches(pattern, property.getKey()) && !comparer.compatible(property.getValue(), patternSchema)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String pattern, String name) {
        try {
            return Pattern.compile(pattern).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return false; // an ECMA regex Java cannot read: treated as not matching
        }
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
                comparer.compare(at, opp.get(pattern), upp.get(pattern));
            } else if (opp.has(pattern)) {
                JsonNode rest = additionalProperties(u);
                comparer.add(
                        "PATTERN_PROPERTY_REMOVED",
                        at,
                        comparer.compatible(opp.get(pattern), rest == null ? EMPTY : rest));
            } else {
                comparer.add("PATTERN_PROPERTY_ADDED", at, patternCovers(o, pattern, upp.get(pattern)));
            }
        }
    }
}
