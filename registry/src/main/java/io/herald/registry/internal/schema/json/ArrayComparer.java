package io.herald.registry.internal.schema.json;

import static io.herald.registry.internal.schema.json.SchemaComparer.EMPTY;
import static io.herald.registry.internal.schema.json.SchemaComparer.acceptsEverything;
import static io.herald.registry.internal.schema.json.SchemaComparer.list;
import static io.herald.registry.internal.schema.json.SchemaComparer.normal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;

/**
 * The array keywords of one pair of schemas: {@code items} (one schema for every item, or a tuple: the array form of
 * {@code items} before 2020-12, {@code prefixItems} since) with the tuple's rest ({@code additionalItems}, 2020-12's
 * {@code items}, or {@code unevaluatedItems}) as a content model, {@code maxItems}/{@code minItems},
 * {@code uniqueItems}, {@code maxContains}/{@code minContains}. The {@code contains} schema itself is not compared,
 * as in Confluent.
 *
 * <p>Not thread-safe: used by one {@link SchemaComparer} for one pair.
 */
final class ArrayComparer {

    private final SchemaComparer comparer;

    ArrayComparer(SchemaComparer comparer) {
        this.comparer = comparer;
    }

    void compare(String path, JsonNode o, JsonNode u) {
        comparer.compareLimit(path, o, u, "maxItems", "MAX_ITEMS", true);
        comparer.compareLimit(path, o, u, "minItems", "MIN_ITEMS", false);
        comparer.compareLimitValues(path + "/maxContains", maxContains(o), maxContains(u), "MAX_CONTAINS", true);
        comparer.compareLimitValues(path + "/minContains", minContains(o), minContains(u), "MIN_CONTAINS", false);
        boolean ou = o.path("uniqueItems").asBoolean(false);
        boolean uu = u.path("uniqueItems").asBoolean(false);
        if (ou != uu) {
            comparer.add(uu ? "UNIQUE_ITEMS_ADDED" : "UNIQUE_ITEMS_REMOVED", path + "/uniqueItems", !uu);
        }
        List<JsonNode> oTuple = tuple(o);
        List<JsonNode> uTuple = tuple(u);
        if (oTuple.isEmpty() && uTuple.isEmpty()) {
            compareAllItems(path, o, u);
            return;
        }
        JsonNode oRest = restItems(o);
        JsonNode uRest = restItems(u);
        for (int i = 0; i < Math.max(oTuple.size(), uTuple.size()); i++) {
            String at = path + "/items/" + i;
            if (i < oTuple.size() && i < uTuple.size()) {
                comparer.compare(at, oTuple.get(i), uTuple.get(i));
            } else if (i < oTuple.size()) {
                itemRemoved(at, oTuple.get(i), uRest);
            } else {
                itemAdded(at, uTuple.get(i), oRest);
            }
        }
        boolean unevaluated = !hasExplicitRest(o) && !hasExplicitRest(u);
        comparer.compareRest(
                path + (unevaluated ? "/unevaluatedItems" : "/additionalItems"),
                oRest,
                uRest,
                unevaluated ? "UNEVALUATED_ITEMS" : "ADDITIONAL_ITEMS");
    }

    /**
     * One schema for every item. A schema that appears constrains the items (Confluent's {@code SCHEMA_ADDED},
     * unless it accepts anything); one that goes away frees them ({@code SCHEMA_REMOVED}).
     */
    private void compareAllItems(String path, JsonNode o, JsonNode u) {
        if (!o.has("items") && !u.has("items") && (o.has("unevaluatedItems") || u.has("unevaluatedItems"))) {
            comparer.compareRest(
                    path + "/unevaluatedItems",
                    o.get("unevaluatedItems"),
                    u.get("unevaluatedItems"),
                    "UNEVALUATED_ITEMS");
            return;
        }
        JsonNode oItems = restItems(o);
        JsonNode uItems = restItems(u);
        String at = path + "/items";
        if (oItems == null && uItems == null) {
            return;
        }
        if (oItems == null) {
            if (!acceptsEverything(normal(uItems))) {
                comparer.add("SCHEMA_ADDED", at, false);
            }
        } else if (uItems == null) {
            if (!acceptsEverything(normal(oItems))) {
                comparer.add("SCHEMA_REMOVED", at, true);
            }
        } else {
            comparer.compare(at, oItems, uItems);
        }
    }

    private void itemRemoved(String at, JsonNode removed, JsonNode uRest) {
        boolean covered = comparer.compatible(removed, uRest == null ? EMPTY : uRest);
        comparer.add(
                switch (ContentModel.of(uRest, null)) {
                    case OPEN -> "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL";
                    case CLOSED ->
                        covered
                                ? "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
                                : "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL";
                    case PARTIALLY_OPEN ->
                        covered
                                ? "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                                : "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL";
                },
                at,
                covered);
    }

    private void itemAdded(String at, JsonNode added, JsonNode oRest) {
        boolean covered = comparer.compatible(oRest == null ? EMPTY : oRest, added);
        comparer.add(
                switch (ContentModel.of(oRest, null)) {
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

    private static JsonNode number(JsonNode node, String keyword) {
        JsonNode value = node.get(keyword);
        return value != null && value.isNumber() ? value : null;
    }

    /**
     * {@code minContains} counts only where {@code contains} is (as in Confluent, which reads it from there), and
     * defaults to 1 there, so writing the default changes nothing and adding {@code contains} adds a minimum.
     */
    private static JsonNode minContains(JsonNode node) {
        if (!node.has("contains")) {
            return null;
        }
        JsonNode value = number(node, "minContains");
        return value == null ? IntNode.valueOf(1) : value;
    }

    private static JsonNode maxContains(JsonNode node) {
        return node.has("contains") ? number(node, "maxContains") : null;
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

    /** Whether the rest after the tuple is given by {@code additionalItems} (or 2020-12's {@code items}). */
    private static boolean hasExplicitRest(JsonNode node) {
        return node.path("prefixItems").isArray() ? node.has("items") : node.has("additionalItems");
    }

    /**
     * The schema of items after the tuple, or of every item when there is no tuple; {@code unevaluatedItems} when
     * nothing else gives it; null when absent (anything).
     */
    private static JsonNode restItems(JsonNode node) {
        JsonNode rest;
        if (node.path("prefixItems").isArray()) {
            rest = node.get("items");
        } else if (node.path("items").isArray()) {
            rest = node.get("additionalItems");
        } else {
            rest = node.get("items");
        }
        return rest != null ? rest : node.get("unevaluatedItems");
    }
}
