package io.herald.registry.internal.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.JsonSchema;
import io.herald.registry.internal.schema.json.JsonSchemaCompatibilityTest.Case;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Holds the rule table ({@link JsonSchemaCompatibilityTest}) to Confluent's list of JSON Schema difference types
 * ({@code Difference.Type} in Confluent's {@code json-schema-provider}) and to the verdict Confluent's STRICT policy
 * gives each: every type has a case, every case's verdict is Confluent's, and Herald reports no type outside
 * Confluent's list but the few it documents.
 */
class DifferenceTypeCoverageTest {

    /** Confluent's types that STRICT accepts. */
    private static final Set<String> COMPATIBLE = Set.of(
            "ID_CHANGED",
            "DESCRIPTION_CHANGED",
            "TITLE_CHANGED",
            "DEFAULT_CHANGED",
            "SCHEMA_REMOVED",
            "TYPE_EXTENDED",
            "MAX_LENGTH_INCREASED",
            "MAX_LENGTH_REMOVED",
            "MIN_LENGTH_DECREASED",
            "MIN_LENGTH_REMOVED",
            "PATTERN_REMOVED",
            "MAXIMUM_INCREASED",
            "MAXIMUM_REMOVED",
            "MINIMUM_DECREASED",
            "MINIMUM_REMOVED",
            "EXCLUSIVE_MAXIMUM_INCREASED",
            "EXCLUSIVE_MAXIMUM_REMOVED",
            "EXCLUSIVE_MINIMUM_DECREASED",
            "EXCLUSIVE_MINIMUM_REMOVED",
            "MULTIPLE_OF_REDUCED",
            "MULTIPLE_OF_REMOVED",
            "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
            "REQUIRED_ATTRIBUTE_REMOVED",
            "DEPENDENCY_ARRAY_NARROWED",
            "DEPENDENCY_ARRAY_REMOVED",
            "DEPENDENCY_SCHEMA_REMOVED",
            "MAX_PROPERTIES_INCREASED",
            "MAX_PROPERTIES_REMOVED",
            "MIN_PROPERTIES_DECREASED",
            "MIN_PROPERTIES_REMOVED",
            "ADDITIONAL_PROPERTIES_ADDED",
            "ADDITIONAL_PROPERTIES_EXTENDED",
            "UNEVALUATED_PROPERTIES_ADDED",
            "UNEVALUATED_PROPERTIES_EXTENDED",
            "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
            "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
            "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
            "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
            "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "MAX_ITEMS_INCREASED",
            "MAX_ITEMS_REMOVED",
            "MIN_ITEMS_DECREASED",
            "MIN_ITEMS_REMOVED",
            "MAX_CONTAINS_INCREASED",
            "MAX_CONTAINS_REMOVED",
            "MIN_CONTAINS_DECREASED",
            "MIN_CONTAINS_REMOVED",
            "UNIQUE_ITEMS_REMOVED",
            "ADDITIONAL_ITEMS_ADDED",
            "ADDITIONAL_ITEMS_EXTENDED",
            "UNEVALUATED_ITEMS_ADDED",
            "UNEVALUATED_ITEMS_EXTENDED",
            "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
            "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
            "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
            "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "ENUM_ARRAY_EXTENDED",
            "COMBINED_TYPE_EXTENDED",
            "PRODUCT_TYPE_NARROWED",
            "SUM_TYPE_EXTENDED",
            "NOT_TYPE_NARROWED");

    /** Confluent's types that STRICT refuses. */
    private static final Set<String> INCOMPATIBLE = Set.of(
            "SCHEMA_ADDED",
            "TYPE_NARROWED",
            "TYPE_CHANGED",
            "MAX_LENGTH_ADDED",
            "MAX_LENGTH_DECREASED",
            "MIN_LENGTH_ADDED",
            "MIN_LENGTH_INCREASED",
            "PATTERN_ADDED",
            "PATTERN_CHANGED",
            "MAXIMUM_ADDED",
            "MAXIMUM_DECREASED",
            "MINIMUM_ADDED",
            "MINIMUM_INCREASED",
            "EXCLUSIVE_MAXIMUM_ADDED",
            "EXCLUSIVE_MAXIMUM_DECREASED",
            "EXCLUSIVE_MINIMUM_ADDED",
            "EXCLUSIVE_MINIMUM_INCREASED",
            "MULTIPLE_OF_ADDED",
            "MULTIPLE_OF_EXPANDED",
            "MULTIPLE_OF_CHANGED",
            "REQUIRED_ATTRIBUTE_ADDED",
            "MAX_PROPERTIES_ADDED",
            "MAX_PROPERTIES_DECREASED",
            "MIN_PROPERTIES_ADDED",
            "MIN_PROPERTIES_INCREASED",
            "ADDITIONAL_PROPERTIES_REMOVED",
            "ADDITIONAL_PROPERTIES_NARROWED",
            "DEPENDENCY_ARRAY_ADDED",
            "DEPENDENCY_ARRAY_EXTENDED",
            "DEPENDENCY_ARRAY_CHANGED",
            "DEPENDENCY_SCHEMA_ADDED",
            "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
            "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
            "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
            "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
            "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "UNEVALUATED_PROPERTIES_REMOVED",
            "UNEVALUATED_PROPERTIES_NARROWED",
            "MAX_ITEMS_ADDED",
            "MAX_ITEMS_DECREASED",
            "MIN_ITEMS_ADDED",
            "MIN_ITEMS_INCREASED",
            "MAX_CONTAINS_ADDED",
            "MAX_CONTAINS_DECREASED",
            "MIN_CONTAINS_ADDED",
            "MIN_CONTAINS_INCREASED",
            "UNIQUE_ITEMS_ADDED",
            "ADDITIONAL_ITEMS_REMOVED",
            "ADDITIONAL_ITEMS_NARROWED",
            "UNEVALUATED_ITEMS_REMOVED",
            "UNEVALUATED_ITEMS_NARROWED",
            "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
            "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "ENUM_ARRAY_NARROWED",
            "ENUM_ARRAY_CHANGED",
            "COMBINED_TYPE_CHANGED",
            "PRODUCT_TYPE_EXTENDED",
            "SUM_TYPE_NARROWED",
            "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
            "NOT_TYPE_EXTENDED");

    /**
     * Confluent's types Herald never reports: {@code PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL} is deprecated (split into
     * the REQUIRED/OPTIONAL ones), and the RESERVED ones check {@code confluent:reserved} metadata, which Herald does
     * not store yet.
     */
    private static final Set<String> NOT_REPORTED = Set.of(
            "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
            "RESERVED_PROPERTY_REMOVED",
            "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY");

    /**
     * Herald's own names for changes Confluent's model reports otherwise (its schema classes change, so it says
     * TYPE_CHANGED): a keyword that appears or goes away where Confluent has no ADDED/REMOVED type.
     */
    private static final Set<String> HERALD_ONLY = Set.of(
            "ENUM_ARRAY_ADDED",
            "ENUM_ARRAY_REMOVED",
            "NOT_TYPE_ADDED",
            "NOT_TYPE_REMOVED",
            "PATTERN_PROPERTY_ADDED",
            "PATTERN_PROPERTY_REMOVED");

    private static Map<String, Case> caseByType() {
        Map<String, Case> byType = new LinkedHashMap<>();
        JsonSchemaCompatibilityTest.cases()
                .filter(c -> c.difference() != null)
                .forEach(c -> byType.putIfAbsent(c.difference(), c));
        return byType;
    }

    @Test
    void confluentsListIsSplitWithoutOverlap() {
        Set<String> overlap = new HashSet<>(COMPATIBLE);
        overlap.retainAll(INCOMPATIBLE);

        assertThat(overlap).isEmpty();
        assertThat(COMPATIBLE.size() + INCOMPATIBLE.size() + NOT_REPORTED.size())
                .as("Confluent's Difference.Type has 132 values")
                .isEqualTo(132);
    }

    @Test
    void everyConfluentTypeHasACase() {
        Set<String> missing = new HashSet<>(COMPATIBLE);
        missing.addAll(INCOMPATIBLE);
        missing.removeAll(caseByType().keySet());

        assertThat(missing).isEmpty();
    }

    @Test
    void everyCaseHasConfluentsVerdictForItsType() {
        JsonSchemaCompatibilityTest.cases()
                .filter(c -> c.difference() != null && !HERALD_ONLY.contains(c.difference()))
                .forEach(c -> assertThat(c.compatible())
                        .as("%s (%s)", c.rule(), c.difference())
                        .isEqualTo(COMPATIBLE.contains(c.difference())));
    }

    @Test
    void everyReportedTypeIsConfluentsOrDocumented() throws InvalidSchemaException {
        Set<String> reported = new HashSet<>();
        for (Case c : JsonSchemaCompatibilityTest.cases().toList()) {
            JsonSchema original = JsonSchemaCompatibilityTest.schema(c.original());
            JsonSchema update = JsonSchemaCompatibilityTest.schema(c.update());
            JsonSchemaCompatibility.differences(original, update).forEach(d -> reported.add(d.type()));
            JsonSchemaCompatibility.differences(update, original).forEach(d -> reported.add(d.type()));
        }
        reported.removeIf(
                type -> COMPATIBLE.contains(type) || INCOMPATIBLE.contains(type) || HERALD_ONLY.contains(type));

        assertThat(reported).isEmpty();
        assertThat(List.copyOf(NOT_REPORTED)).allMatch(Objects::nonNull);
    }
}
