package io.herald.registry.internal.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.JsonSchema;
import io.herald.registry.internal.schema.ResolvedReference;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per rule of Confluent's JSON Schema compatibility documentation (STRICT policy). {@code compatible} is
 * BACKWARD: data valid under the original stays valid under the update. Schemas are written with single quotes.
 */
class JsonSchemaCompatibilityTest {

    record Case(String rule, String original, String update, boolean compatible, String difference) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Case ok(String rule, String original, String update, String difference) {
        return new Case(rule, original, update, true, difference);
    }

    static Case bad(String rule, String original, String update, String difference) {
        return new Case(rule, original, update, false, difference);
    }

    private static final String OPEN = "{'type':'object','properties':{'a':{'type':'string'}}}";
    private static final String CLOSED =
            "{'type':'object','properties':{'a':{'type':'string'}},'additionalProperties':false}";
    private static final String PARTIAL =
            "{'type':'object','properties':{'a':{'type':'string'}},'additionalProperties':{'type':'string'}}";

    /** Every case of the table: the documented rules, then one case for each other Confluent difference type. */
    static Stream<Case> cases() {
        return Stream.concat(documentedCases(), keywordCases());
    }

    private static Stream<Case> documentedCases() {
        return Stream.of(
                // annotations
                ok("title changed", "{'title':'A','type':'string'}", "{'title':'B','type':'string'}", "TITLE_CHANGED"),
                ok(
                        "description changed",
                        "{'description':'a','type':'string'}",
                        "{'description':'b','type':'string'}",
                        "DESCRIPTION_CHANGED"),
                ok(
                        "id changed",
                        "{'$id':'http://a','type':'string'}",
                        "{'$id':'http://b','type':'string'}",
                        "ID_CHANGED"),
                ok(
                        "default changed",
                        "{'default':'a','type':'string'}",
                        "{'default':'b','type':'string'}",
                        "DEFAULT_CHANGED"),
                // types
                ok("type added to a list", "{'type':'string'}", "{'type':['string','null']}", "TYPE_EXTENDED"),
                ok("integer widened to number", "{'type':'integer'}", "{'type':'number'}", "TYPE_EXTENDED"),
                ok("type removed", "{'type':'string'}", "{}", null),
                bad("number narrowed to integer", "{'type':'number'}", "{'type':'integer'}", "TYPE_NARROWED"),
                bad("type removed from a list", "{'type':['string','null']}", "{'type':'string'}", "TYPE_NARROWED"),
                bad("type changed", "{'type':'string'}", "{'type':'integer'}", "TYPE_CHANGED"),
                bad("type added where there was none", "{}", "{'type':'string'}", "TYPE_NARROWED"),
                bad("true schema becomes false", "true", "false", "TYPE_NARROWED"),
                ok("false schema becomes anything", "false", "{'type':'string'}", null),
                // string limits
                ok(
                        "maxLength increased",
                        "{'type':'string','maxLength':5}",
                        "{'type':'string','maxLength':9}",
                        "MAX_LENGTH_INCREASED"),
                ok("maxLength removed", "{'type':'string','maxLength':5}", "{'type':'string'}", "MAX_LENGTH_REMOVED"),
                bad(
                        "maxLength decreased",
                        "{'type':'string','maxLength':9}",
                        "{'type':'string','maxLength':5}",
                        "MAX_LENGTH_DECREASED"),
                bad("maxLength added", "{'type':'string'}", "{'type':'string','maxLength':5}", "MAX_LENGTH_ADDED"),
                ok(
                        "minLength decreased",
                        "{'type':'string','minLength':5}",
                        "{'type':'string','minLength':1}",
                        "MIN_LENGTH_DECREASED"),
                bad(
                        "minLength increased",
                        "{'type':'string','minLength':1}",
                        "{'type':'string','minLength':5}",
                        "MIN_LENGTH_INCREASED"),
                bad("minLength added", "{'type':'string'}", "{'type':'string','minLength':1}", "MIN_LENGTH_ADDED"),
                ok("pattern removed", "{'type':'string','pattern':'^a'}", "{'type':'string'}", "PATTERN_REMOVED"),
                bad("pattern added", "{'type':'string'}", "{'type':'string','pattern':'^a'}", "PATTERN_ADDED"),
                bad(
                        "pattern changed",
                        "{'type':'string','pattern':'^a'}",
                        "{'type':'string','pattern':'^b'}",
                        "PATTERN_CHANGED"),
                // number limits
                ok(
                        "maximum increased",
                        "{'type':'number','maximum':5}",
                        "{'type':'number','maximum':9}",
                        "MAXIMUM_INCREASED"),
                bad(
                        "maximum decreased",
                        "{'type':'number','maximum':9}",
                        "{'type':'number','maximum':5}",
                        "MAXIMUM_DECREASED"),
                ok("minimum removed", "{'type':'number','minimum':5}", "{'type':'number'}", "MINIMUM_REMOVED"),
                bad(
                        "minimum increased",
                        "{'type':'number','minimum':1}",
                        "{'type':'number','minimum':5}",
                        "MINIMUM_INCREASED"),
                bad(
                        "exclusiveMinimum added",
                        "{'type':'number'}",
                        "{'type':'number','exclusiveMinimum':0}",
                        "EXCLUSIVE_MINIMUM_ADDED"),
                ok(
                        "exclusiveMaximum increased",
                        "{'type':'number','exclusiveMaximum':5}",
                        "{'type':'number','exclusiveMaximum':6}",
                        "EXCLUSIVE_MAXIMUM_INCREASED"),
                bad(
                        "draft-4 exclusiveMaximum turned on",
                        "{'type':'number','maximum':5}",
                        "{'type':'number','maximum':5,'exclusiveMaximum':true}",
                        "EXCLUSIVE_MAXIMUM_ADDED"),
                ok(
                        "multipleOf reduced to a divisor",
                        "{'type':'integer','multipleOf':10}",
                        "{'type':'integer','multipleOf':5}",
                        "MULTIPLE_OF_REDUCED"),
                bad(
                        "multipleOf expanded to a multiple",
                        "{'type':'integer','multipleOf':5}",
                        "{'type':'integer','multipleOf':10}",
                        "MULTIPLE_OF_EXPANDED"),
                bad(
                        "multipleOf changed",
                        "{'type':'integer','multipleOf':3}",
                        "{'type':'integer','multipleOf':5}",
                        "MULTIPLE_OF_CHANGED"),
                bad("multipleOf added", "{'type':'integer'}", "{'type':'integer','multipleOf':5}", "MULTIPLE_OF_ADDED"),
                ok(
                        "multipleOf removed",
                        "{'type':'integer','multipleOf':5}",
                        "{'type':'integer'}",
                        "MULTIPLE_OF_REMOVED"),
                // enum and const
                ok("enum extended", "{'enum':['a','b']}", "{'enum':['a','b','c']}", "ENUM_ARRAY_EXTENDED"),
                bad("enum narrowed", "{'enum':['a','b']}", "{'enum':['a']}", "ENUM_ARRAY_NARROWED"),
                bad("enum changed", "{'enum':['a','b']}", "{'enum':['a','c']}", "ENUM_ARRAY_CHANGED"),
                bad("enum added", "{'type':'string'}", "{'type':'string','enum':['a']}", "ENUM_ARRAY_ADDED"),
                ok("enum removed", "{'type':'string','enum':['a']}", "{'type':'string'}", "ENUM_ARRAY_REMOVED"),
                bad("const changed", "{'const':1}", "{'const':2}", "ENUM_ARRAY_CHANGED"),
                ok("const widened to an enum holding it", "{'const':1}", "{'enum':[1,2]}", "ENUM_ARRAY_EXTENDED"),
                // required
                ok(
                        "required removed",
                        "{'type':'object','properties':{'a':{}},'required':['a']}",
                        "{'type':'object','properties':{'a':{}}}",
                        "REQUIRED_ATTRIBUTE_REMOVED"),
                bad(
                        "required added without default",
                        "{'type':'object','properties':{'a':{'type':'string'}}}",
                        "{'type':'object','properties':{'a':{'type':'string'}},'required':['a']}",
                        "REQUIRED_ATTRIBUTE_ADDED"),
                ok(
                        "required added with default",
                        "{'type':'object','properties':{'a':{'type':'string'}}}",
                        "{'type':'object','properties':{'a':{'type':'string','default':'x'}},'required':['a']}",
                        "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"),
                // open content model
                bad(
                        "optional property added to an open model",
                        OPEN,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}}}",
                        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"),
                ok(
                        "property with an empty schema added to an open model",
                        OPEN,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{}}}",
                        "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"),
                ok(
                        "property removed from an open model",
                        OPEN,
                        "{'type':'object'}",
                        "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"),
                bad(
                        "property type narrowed inside",
                        OPEN,
                        "{'type':'object','properties':{'a':{'type':'null'}}}",
                        "TYPE_CHANGED"),
                // closed content model
                ok(
                        "optional property added to a closed model",
                        CLOSED,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}},"
                                + "'additionalProperties':false}",
                        "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"),
                bad(
                        "required property added to a closed model",
                        CLOSED,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}},"
                                + "'required':['b'],'additionalProperties':false}",
                        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"),
                ok(
                        "required property with default added to a closed model",
                        CLOSED,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer','default':0}},"
                                + "'required':['b'],'additionalProperties':false}",
                        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"),
                bad(
                        "property removed from a closed model",
                        CLOSED,
                        "{'type':'object','properties':{},'additionalProperties':false}",
                        "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
                ok(
                        "false property removed from a closed model",
                        "{'type':'object','properties':{'a':false},'additionalProperties':false}",
                        "{'type':'object','additionalProperties':false}",
                        "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
                // partially open content model
                ok(
                        "property added that the additional schema covers",
                        PARTIAL,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':['string','null']}},"
                                + "'additionalProperties':{'type':'string'}}",
                        "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                bad(
                        "property added that the additional schema does not cover",
                        PARTIAL,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}},"
                                + "'additionalProperties':{'type':'string'}}",
                        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                ok(
                        "property removed that the additional schema covers",
                        PARTIAL,
                        "{'type':'object','additionalProperties':{'type':'string'}}",
                        "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                bad(
                        "property removed that the additional schema does not cover",
                        "{'type':'object','properties':{'a':{'type':'integer'}},'additionalProperties':{'type':'string'}}",
                        "{'type':'object','additionalProperties':{'type':'string'}}",
                        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                ok(
                        "property added that a pattern property covers",
                        "{'type':'object','patternProperties':{'^s_':{'type':'string'}},'additionalProperties':false}",
                        "{'type':'object','properties':{'s_name':{'type':'string'}},"
                                + "'patternProperties':{'^s_':{'type':'string'}},'additionalProperties':false}",
                        "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                // additionalProperties
                ok("additionalProperties added (false to true)", CLOSED, OPEN, "ADDITIONAL_PROPERTIES_ADDED"),
                bad("additionalProperties removed (true to false)", OPEN, CLOSED, "ADDITIONAL_PROPERTIES_REMOVED"),
                bad(
                        "additionalProperties narrowed (open to a schema)",
                        OPEN,
                        PARTIAL,
                        "ADDITIONAL_PROPERTIES_NARROWED"),
                ok("additionalProperties extended (a schema to open)", PARTIAL, OPEN, "ADDITIONAL_PROPERTIES_EXTENDED"),
                bad(
                        "additionalProperties schema narrowed",
                        "{'type':'object','additionalProperties':{'type':['string','null']}}",
                        "{'type':'object','additionalProperties':{'type':'string'}}",
                        "TYPE_NARROWED"),
                bad(
                        "maxProperties added",
                        "{'type':'object'}",
                        "{'type':'object','maxProperties':3}",
                        "MAX_PROPERTIES_ADDED"),
                // arrays
                ok(
                        "items type widened",
                        "{'type':'array','items':{'type':'integer'}}",
                        "{'type':'array','items':{'type':'number'}}",
                        "TYPE_EXTENDED"),
                bad(
                        "items type narrowed",
                        "{'type':'array','items':{'type':'number'}}",
                        "{'type':'array','items':{'type':'integer'}}",
                        "TYPE_NARROWED"),
                bad(
                        "maxItems decreased",
                        "{'type':'array','maxItems':5}",
                        "{'type':'array','maxItems':2}",
                        "MAX_ITEMS_DECREASED"),
                ok(
                        "minItems decreased",
                        "{'type':'array','minItems':2}",
                        "{'type':'array','minItems':1}",
                        "MIN_ITEMS_DECREASED"),
                bad(
                        "uniqueItems added",
                        "{'type':'array'}",
                        "{'type':'array','uniqueItems':true}",
                        "UNIQUE_ITEMS_ADDED"),
                ok(
                        "uniqueItems removed",
                        "{'type':'array','uniqueItems':true}",
                        "{'type':'array'}",
                        "UNIQUE_ITEMS_REMOVED"),
                ok(
                        "tuple item added to a closed tuple",
                        "{'type':'array','items':[{'type':'string'}],'additionalItems':false}",
                        "{'type':'array','items':[{'type':'string'},{'type':'integer'}],'additionalItems':false}",
                        "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"),
                bad(
                        "tuple item added to an open tuple",
                        "{'type':'array','items':[{'type':'string'}]}",
                        "{'type':'array','items':[{'type':'string'},{'type':'integer'}]}",
                        "ITEM_ADDED_TO_OPEN_CONTENT_MODEL"),
                ok(
                        "tuple item removed from an open tuple",
                        "{'type':'array','prefixItems':[{'type':'string'}]}",
                        "{'type':'array','prefixItems':[]}",
                        "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"),
                bad(
                        "tuple item removed from a closed tuple",
                        "{'type':'array','prefixItems':[{'type':'string'}],'items':false}",
                        "{'type':'array','prefixItems':[],'items':false}",
                        "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
                bad(
                        "additionalItems removed",
                        "{'type':'array','items':[{'type':'string'}]}",
                        "{'type':'array','items':[{'type':'string'}],'additionalItems':false}",
                        "ADDITIONAL_ITEMS_REMOVED"),
                // combined schemas
                ok(
                        "oneOf extended",
                        "{'oneOf':[{'type':'string'},{'type':'integer'}]}",
                        "{'oneOf':[{'type':'string'},{'type':'integer'},{'type':'null'}]}",
                        "SUM_TYPE_EXTENDED"),
                bad(
                        "oneOf narrowed",
                        "{'oneOf':[{'type':'string'},{'type':'integer'}]}",
                        "{'oneOf':[{'type':'string'}]}",
                        "SUM_TYPE_NARROWED"),
                ok(
                        "anyOf extended",
                        "{'anyOf':[{'type':'string'}]}",
                        "{'anyOf':[{'type':'string'},{'type':'null'}]}",
                        "SUM_TYPE_EXTENDED"),
                bad(
                        "anyOf branch changed",
                        "{'anyOf':[{'type':'string'},{'type':'integer'}]}",
                        "{'anyOf':[{'type':'string'},{'type':'boolean'}]}",
                        "COMBINED_TYPE_SUBSCHEMAS_CHANGED"),
                ok(
                        "allOf narrowed",
                        "{'allOf':[{'type':'number'},{'minimum':0}]}",
                        "{'allOf':[{'type':'number'}]}",
                        "PRODUCT_TYPE_NARROWED"),
                bad(
                        "allOf extended",
                        "{'allOf':[{'type':'number'}]}",
                        "{'allOf':[{'type':'number'},{'minimum':0}]}",
                        "PRODUCT_TYPE_EXTENDED"),
                ok(
                        "oneOf becomes anyOf",
                        "{'oneOf':[{'type':'string'},{'type':'integer'}]}",
                        "{'anyOf':[{'type':'string'},{'type':'integer'}]}",
                        "COMBINED_TYPE_EXTENDED"),
                bad(
                        "anyOf becomes oneOf",
                        "{'anyOf':[{'type':'string'},{'type':'integer'}]}",
                        "{'oneOf':[{'type':'string'},{'type':'integer'}]}",
                        "COMBINED_TYPE_CHANGED"),
                bad(
                        "allOf becomes oneOf",
                        "{'allOf':[{'type':'string'}]}",
                        "{'oneOf':[{'type':'string'}]}",
                        "COMBINED_TYPE_CHANGED"),
                ok(
                        "plain schema becomes a oneOf holding it",
                        "{'type':'string'}",
                        "{'oneOf':[{'type':'string'},{'type':'null'}]}",
                        "SUM_TYPE_EXTENDED"),
                bad(
                        "plain schema becomes a oneOf without it",
                        "{'type':'string'}",
                        "{'oneOf':[{'type':'integer'},{'type':'null'}]}",
                        "COMBINED_TYPE_CHANGED"),
                ok(
                        "not narrowed",
                        "{'not':{'type':['string','integer']}}",
                        "{'not':{'type':'string'}}",
                        "NOT_TYPE_NARROWED"),
                bad(
                        "not extended",
                        "{'not':{'type':'string'}}",
                        "{'not':{'type':['string','integer']}}",
                        "NOT_TYPE_EXTENDED"),
                bad("not added", "{'type':'string'}", "{'type':'string','not':{'enum':['x']}}", "NOT_TYPE_ADDED"),
                // references
                bad(
                        "a change behind a local $ref",
                        "{'definitions':{'n':{'type':'number'}},'type':'object','properties':{'a':{'$ref':'#/definitions/n'}}}",
                        "{'definitions':{'n':{'type':'integer'}},'type':'object','properties':{'a':{'$ref':'#/definitions/n'}}}",
                        "TYPE_NARROWED"),
                ok(
                        "a recursive schema compared with itself",
                        "{'$defs':{'node':{'type':'object','properties':{'next':{'$ref':'#/$defs/node'}}}},'$ref':'#/$defs/node'}",
                        "{'$defs':{'node':{'type':'object','properties':{'next':{'$ref':'#/$defs/node'}}}},'$ref':'#/$defs/node'}",
                        null));
    }

    private static final String TUPLE_OPEN = "{'type':'array','prefixItems':[{'type':'string'}]}";
    private static final String TUPLE_PARTIAL =
            "{'type':'array','prefixItems':[{'type':'string'}],'items':{'type':'string'}}";
    private static final String CONTAINS = "{'type':'array','contains':{'type':'number'}";

    /** The difference types the documented rules above do not reach, one case each, with Confluent's verdict. */
    private static Stream<Case> keywordCases() {
        return Stream.of(
                // schemas that appear or go away where there was none
                bad(
                        "items schema added",
                        "{'type':'array'}",
                        "{'type':'array','items':{'type':'string'}}",
                        "SCHEMA_ADDED"),
                ok(
                        "items schema removed",
                        "{'type':'array','items':{'type':'string'}}",
                        "{'type':'array'}",
                        "SCHEMA_REMOVED"),
                // limits not in the documented table
                ok("minLength removed", "{'type':'string','minLength':2}", "{'type':'string'}", "MIN_LENGTH_REMOVED"),
                bad("maximum added", "{'type':'number'}", "{'type':'number','maximum':5}", "MAXIMUM_ADDED"),
                ok("maximum removed", "{'type':'number','maximum':5}", "{'type':'number'}", "MAXIMUM_REMOVED"),
                bad("minimum added", "{'type':'number'}", "{'type':'number','minimum':5}", "MINIMUM_ADDED"),
                ok(
                        "minimum decreased",
                        "{'type':'number','minimum':5}",
                        "{'type':'number','minimum':1}",
                        "MINIMUM_DECREASED"),
                ok(
                        "exclusiveMaximum removed",
                        "{'type':'number','exclusiveMaximum':5}",
                        "{'type':'number'}",
                        "EXCLUSIVE_MAXIMUM_REMOVED"),
                bad(
                        "exclusiveMaximum decreased",
                        "{'type':'number','exclusiveMaximum':5}",
                        "{'type':'number','exclusiveMaximum':4}",
                        "EXCLUSIVE_MAXIMUM_DECREASED"),
                ok(
                        "exclusiveMinimum removed",
                        "{'type':'number','exclusiveMinimum':5}",
                        "{'type':'number'}",
                        "EXCLUSIVE_MINIMUM_REMOVED"),
                bad(
                        "exclusiveMinimum increased",
                        "{'type':'number','exclusiveMinimum':1}",
                        "{'type':'number','exclusiveMinimum':2}",
                        "EXCLUSIVE_MINIMUM_INCREASED"),
                ok(
                        "exclusiveMinimum decreased",
                        "{'type':'number','exclusiveMinimum':2}",
                        "{'type':'number','exclusiveMinimum':1}",
                        "EXCLUSIVE_MINIMUM_DECREASED"),
                ok(
                        "maxProperties removed",
                        "{'type':'object','maxProperties':3}",
                        "{'type':'object'}",
                        "MAX_PROPERTIES_REMOVED"),
                ok(
                        "maxProperties increased",
                        "{'type':'object','maxProperties':3}",
                        "{'type':'object','maxProperties':4}",
                        "MAX_PROPERTIES_INCREASED"),
                bad(
                        "maxProperties decreased",
                        "{'type':'object','maxProperties':3}",
                        "{'type':'object','maxProperties':2}",
                        "MAX_PROPERTIES_DECREASED"),
                bad(
                        "minProperties added",
                        "{'type':'object'}",
                        "{'type':'object','minProperties':1}",
                        "MIN_PROPERTIES_ADDED"),
                ok(
                        "minProperties removed",
                        "{'type':'object','minProperties':1}",
                        "{'type':'object'}",
                        "MIN_PROPERTIES_REMOVED"),
                bad(
                        "minProperties increased",
                        "{'type':'object','minProperties':1}",
                        "{'type':'object','minProperties':2}",
                        "MIN_PROPERTIES_INCREASED"),
                ok(
                        "minProperties decreased",
                        "{'type':'object','minProperties':2}",
                        "{'type':'object','minProperties':1}",
                        "MIN_PROPERTIES_DECREASED"),
                bad("maxItems added", "{'type':'array'}", "{'type':'array','maxItems':3}", "MAX_ITEMS_ADDED"),
                ok("maxItems removed", "{'type':'array','maxItems':3}", "{'type':'array'}", "MAX_ITEMS_REMOVED"),
                ok(
                        "maxItems increased",
                        "{'type':'array','maxItems':3}",
                        "{'type':'array','maxItems':4}",
                        "MAX_ITEMS_INCREASED"),
                bad("minItems added", "{'type':'array'}", "{'type':'array','minItems':1}", "MIN_ITEMS_ADDED"),
                ok("minItems removed", "{'type':'array','minItems':1}", "{'type':'array'}", "MIN_ITEMS_REMOVED"),
                bad(
                        "minItems increased",
                        "{'type':'array','minItems':1}",
                        "{'type':'array','minItems':2}",
                        "MIN_ITEMS_INCREASED"),
                // contains: only its counts are compared, as in Confluent (minContains is 1 where contains is)
                bad("maxContains added", CONTAINS + "}", CONTAINS + ",'maxContains':3}", "MAX_CONTAINS_ADDED"),
                ok("maxContains removed", CONTAINS + ",'maxContains':3}", CONTAINS + "}", "MAX_CONTAINS_REMOVED"),
                ok(
                        "maxContains increased",
                        CONTAINS + ",'maxContains':3}",
                        CONTAINS + ",'maxContains':4}",
                        "MAX_CONTAINS_INCREASED"),
                bad(
                        "maxContains decreased",
                        CONTAINS + ",'maxContains':3}",
                        CONTAINS + ",'maxContains':2}",
                        "MAX_CONTAINS_DECREASED"),
                bad("contains added (minContains 1 added)", "{'type':'array'}", CONTAINS + "}", "MIN_CONTAINS_ADDED"),
                ok(
                        "contains removed (minContains 1 removed)",
                        CONTAINS + "}",
                        "{'type':'array'}",
                        "MIN_CONTAINS_REMOVED"),
                bad(
                        "minContains increased",
                        CONTAINS + ",'minContains':1}",
                        CONTAINS + ",'minContains':2}",
                        "MIN_CONTAINS_INCREASED"),
                ok(
                        "minContains decreased",
                        CONTAINS + ",'minContains':2}",
                        CONTAINS + ",'minContains':1}",
                        "MIN_CONTAINS_DECREASED"),
                ok("minContains 1 written out changes nothing", CONTAINS + ",'minContains':1}", CONTAINS + "}", null),
                ok(
                        "the contains schema is not compared",
                        CONTAINS + "}",
                        "{'type':'array','contains':{'type':'string'}}",
                        null),
                // dependencies (draft 4-7) and dependentRequired/dependentSchemas (2019-09, 2020-12)
                bad(
                        "dependency array added",
                        "{'type':'object'}",
                        "{'type':'object','dependencies':{'a':['b']}}",
                        "DEPENDENCY_ARRAY_ADDED"),
                ok(
                        "dependency array removed",
                        "{'type':'object','dependencies':{'a':['b']}}",
                        "{'type':'object'}",
                        "DEPENDENCY_ARRAY_REMOVED"),
                bad(
                        "dependency array extended",
                        "{'type':'object','dependentRequired':{'a':['b']}}",
                        "{'type':'object','dependentRequired':{'a':['b','c']}}",
                        "DEPENDENCY_ARRAY_EXTENDED"),
                ok(
                        "dependency array narrowed",
                        "{'type':'object','dependentRequired':{'a':['b','c']}}",
                        "{'type':'object','dependentRequired':{'a':['b']}}",
                        "DEPENDENCY_ARRAY_NARROWED"),
                bad(
                        "dependency array changed",
                        "{'type':'object','dependencies':{'a':['b']}}",
                        "{'type':'object','dependencies':{'a':['c']}}",
                        "DEPENDENCY_ARRAY_CHANGED"),
                ok(
                        "dependencies moved to dependentRequired",
                        "{'type':'object','dependencies':{'a':['b']}}",
                        "{'type':'object','dependentRequired':{'a':['b']}}",
                        null),
                bad(
                        "dependency schema added",
                        "{'type':'object'}",
                        "{'type':'object','dependentSchemas':{'a':{'required':['b']}}}",
                        "DEPENDENCY_SCHEMA_ADDED"),
                ok(
                        "dependency schema removed",
                        "{'type':'object','dependencies':{'a':{'required':['b']}}}",
                        "{'type':'object'}",
                        "DEPENDENCY_SCHEMA_REMOVED"),
                bad(
                        "dependency schema changed inside",
                        "{'dependentSchemas':{'a':{'type':'string'}}}",
                        "{'dependentSchemas':{'a':{'type':'number'}}}",
                        "TYPE_CHANGED"),
                // properties added to an open content model
                bad(
                        "required property added to an open model",
                        OPEN,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}},'required':['b']}",
                        "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"),
                bad(
                        "required property with default added to an open model",
                        OPEN,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer','default':0}},"
                                + "'required':['b']}",
                        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"),
                bad(
                        "required property added to a partially open model it covers",
                        PARTIAL,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'string'}},'required':['b'],"
                                + "'additionalProperties':{'type':'string'}}",
                        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"),
                // unevaluatedProperties (2019-09, 2020-12) as the content model
                ok(
                        "optional property added to a model closed by unevaluatedProperties",
                        "{'properties':{'a':{'type':'string'}},'unevaluatedProperties':false}",
                        "{'properties':{'a':{'type':'string'},'b':{'type':'number'}},'unevaluatedProperties':false}",
                        "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"),
                ok(
                        "unevaluatedProperties added (false to absent)",
                        "{'type':'object','unevaluatedProperties':false}",
                        "{'type':'object'}",
                        "UNEVALUATED_PROPERTIES_ADDED"),
                bad(
                        "unevaluatedProperties removed (absent to false)",
                        "{'type':'object'}",
                        "{'type':'object','unevaluatedProperties':false}",
                        "UNEVALUATED_PROPERTIES_REMOVED"),
                ok(
                        "unevaluatedProperties extended (a schema to absent)",
                        "{'type':'object','unevaluatedProperties':{'type':'string'}}",
                        "{'type':'object'}",
                        "UNEVALUATED_PROPERTIES_EXTENDED"),
                bad(
                        "unevaluatedProperties narrowed (absent to a schema)",
                        "{'type':'object'}",
                        "{'type':'object','unevaluatedProperties':{'type':'string'}}",
                        "UNEVALUATED_PROPERTIES_NARROWED"),
                // tuples: the rest of the items as a content model
                ok(
                        "additionalItems added (false to absent)",
                        "{'type':'array','items':[{'type':'string'}],'additionalItems':false}",
                        "{'type':'array','items':[{'type':'string'}]}",
                        "ADDITIONAL_ITEMS_ADDED"),
                ok(
                        "additionalItems extended (a schema to absent)",
                        TUPLE_PARTIAL,
                        TUPLE_OPEN,
                        "ADDITIONAL_ITEMS_EXTENDED"),
                bad(
                        "additionalItems narrowed (absent to a schema)",
                        TUPLE_OPEN,
                        TUPLE_PARTIAL,
                        "ADDITIONAL_ITEMS_NARROWED"),
                ok(
                        "unevaluatedItems added (false to absent)",
                        "{'type':'array','prefixItems':[{'type':'string'}],'unevaluatedItems':false}",
                        TUPLE_OPEN,
                        "UNEVALUATED_ITEMS_ADDED"),
                bad(
                        "unevaluatedItems removed (absent to false)",
                        TUPLE_OPEN,
                        "{'type':'array','prefixItems':[{'type':'string'}],'unevaluatedItems':false}",
                        "UNEVALUATED_ITEMS_REMOVED"),
                ok(
                        "unevaluatedItems extended (a schema to absent)",
                        "{'type':'array','unevaluatedItems':{'type':'string'}}",
                        "{'type':'array'}",
                        "UNEVALUATED_ITEMS_EXTENDED"),
                bad(
                        "unevaluatedItems narrowed (absent to a schema)",
                        "{'type':'array'}",
                        "{'type':'array','unevaluatedItems':{'type':'string'}}",
                        "UNEVALUATED_ITEMS_NARROWED"),
                ok(
                        "item with an empty schema added to an open tuple",
                        TUPLE_OPEN,
                        "{'type':'array','prefixItems':[{'type':'string'},{}]}",
                        "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"),
                ok(
                        "false item removed from a closed tuple",
                        "{'type':'array','prefixItems':[{'type':'string'},false],'items':false}",
                        "{'type':'array','prefixItems':[{'type':'string'}],'items':false}",
                        "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
                ok(
                        "item added that the rest schema covers",
                        TUPLE_PARTIAL,
                        "{'type':'array','prefixItems':[{'type':'string'},{'type':['string','null']}],"
                                + "'items':{'type':'string'}}",
                        "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                bad(
                        "item added that the rest schema does not cover",
                        TUPLE_PARTIAL,
                        "{'type':'array','prefixItems':[{'type':'string'},{'type':'number'}],'items':{'type':'string'}}",
                        "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                ok(
                        "item removed that the rest schema covers",
                        "{'type':'array','prefixItems':[{'type':'string'},{'type':'string'}],'items':{'type':'string'}}",
                        TUPLE_PARTIAL,
                        "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                bad(
                        "item removed that the rest schema does not cover",
                        "{'type':'array','prefixItems':[{'type':'string'},{'type':'number'}],'items':{'type':'string'}}",
                        TUPLE_PARTIAL,
                        "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
                // keywords Confluent does not compare, so neither does Herald
                ok(
                        "format is not compared",
                        "{'type':'string','format':'date'}",
                        "{'type':'string','format':'email'}",
                        null),
                ok(
                        "propertyNames is not compared",
                        "{'type':'object'}",
                        "{'type':'object','propertyNames':{'maxLength':3}}",
                        null),
                ok(
                        "if/then/else is not compared",
                        "{'type':'object'}",
                        "{'type':'object','if':{'required':['a']},'then':{'required':['b']}}",
                        null),
                // references: a schema and a $ref to the same schema are the same
                ok(
                        "moving to a reference schema",
                        "{'type':'string'}",
                        "{'$ref':'#/definitions/s','definitions':{'s':{'type':'string'}}}",
                        null),
                // $ref with keywords beside it: they apply since 2019-09, and are ignored before
                bad(
                        "a keyword added beside a $ref (2020-12)",
                        "{'$schema':'https://json-schema.org/draft/2020-12/schema','$defs':{'s':{'type':'string'}},"
                                + "'$ref':'#/$defs/s'}",
                        "{'$schema':'https://json-schema.org/draft/2020-12/schema','$defs':{'s':{'type':'string'}},"
                                + "'$ref':'#/$defs/s','maxLength':3}",
                        "COMBINED_TYPE_CHANGED"),
                ok(
                        "a keyword relaxed beside a $ref (2020-12)",
                        "{'$schema':'https://json-schema.org/draft/2020-12/schema','$defs':{'s':{'type':'string'}},"
                                + "'type':'object','properties':{'a':{'$ref':'#/$defs/s','maxLength':3}}}",
                        "{'$schema':'https://json-schema.org/draft/2020-12/schema','$defs':{'s':{'type':'string'}},"
                                + "'type':'object','properties':{'a':{'$ref':'#/$defs/s','maxLength':5}}}",
                        null),
                ok(
                        "a keyword added beside a $ref (draft 7: ignored)",
                        "{'$schema':'http://json-schema.org/draft-07/schema#','definitions':{'s':{'type':'string'}},"
                                + "'$ref':'#/definitions/s'}",
                        "{'$schema':'http://json-schema.org/draft-07/schema#','definitions':{'s':{'type':'string'}},"
                                + "'$ref':'#/definitions/s','maxLength':3}",
                        null),
                // found by JsonSchemaSoundnessPropertyTest: keywords that hold beside others
                bad(
                        "a pattern property added that narrows a declared property",
                        "{'type':'object','properties':{'ab':{}}}",
                        "{'type':'object','properties':{'ab':{}},'patternProperties':{'^a':{'type':'string'}}}",
                        "PATTERN_PROPERTY_ADDED"),
                bad(
                        "contains added where minContains stood alone",
                        "{'type':'array','minContains':2}",
                        "{'type':'array','contains':{'type':'number'},'minContains':2}",
                        "MIN_CONTAINS_ADDED"),
                bad(
                        "a const added beside an enum",
                        "{'enum':['a','x',1]}",
                        "{'enum':['a','x',1],'const':1}",
                        "ENUM_ARRAY_NARROWED"),
                bad(
                        "an allOf added beside an anyOf",
                        "{'anyOf':[{},{'type':'integer'}]}",
                        "{'anyOf':[{},{'type':'integer'}],'allOf':[{'minimum':1},{'type':'number'}]}",
                        "COMBINED_TYPE_CHANGED"),
                bad(
                        "a limit beside a combiner the update adds",
                        "{'type':'string'}",
                        "{'type':'string','maxLength':2,'anyOf':[{'type':'string'}]}",
                        "MAX_LENGTH_ADDED"),
                ok(
                        "keywords beside a combiner the update drops still fit",
                        "{'type':'string','maxLength':2,'anyOf':[{'type':'string'},{'minLength':1}]}",
                        "{'type':'string','maxLength':3}",
                        "MAX_LENGTH_INCREASED"),
                // where Herald follows the data rather than Confluent's schema classes (see registry/README.md)
                bad(
                        "required property with an empty schema added to an open model",
                        OPEN,
                        "{'type':'object','properties':{'a':{'type':'string'},'b':{}},'required':['b']}",
                        "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"),
                ok(
                        "oneOf of string schemas becomes one string schema accepting them all",
                        "{'oneOf':[{'type':'string','maxLength':3},{'type':'string','minLength':5}]}",
                        "{'type':'string'}",
                        "COMBINED_TYPE_EXTENDED"),
                ok(
                        "allOf narrowed to one of its branches",
                        "{'allOf':[{'type':'number'},{'minimum':0}]}",
                        "{'type':'number'}",
                        "PRODUCT_TYPE_NARROWED"));
    }

    static JsonSchema schema(String text) throws InvalidSchemaException {
        return JsonSchema.parse(text.replace('\'', '"'), List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsConfluentsRule(Case c) throws InvalidSchemaException {
        List<Difference> differences = JsonSchemaCompatibility.differences(schema(c.original()), schema(c.update()));

        assertThat(differences.stream().allMatch(Difference::compatible))
                .as("%s: %s", c.rule(), differences)
                .isEqualTo(c.compatible());
        if (c.difference() != null) {
            assertThat(differences).extracting(Difference::type).as(c.rule()).contains(c.difference());
        }
    }

    @Test
    void aSchemaIsCompatibleWithItselfAndReportsNothing() throws InvalidSchemaException {
        JsonSchema schema = schema(PARTIAL);

        assertThat(JsonSchemaCompatibility.differences(schema, schema)).isEmpty();
    }

    @Test
    void aRefToAReferencedSchemaIsFollowed() throws InvalidSchemaException {
        String root = "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"other.json\"}}}";
        JsonSchema before =
                JsonSchema.parse(root, List.of(new ResolvedReference("other.json", "{\"type\":\"number\"}")));
        JsonSchema after =
                JsonSchema.parse(root, List.of(new ResolvedReference("other.json", "{\"type\":\"integer\"}")));

        assertThat(JsonSchemaCompatibility.incompatibilities(before, after))
                .extracting(Difference::type)
                .containsExactly("TYPE_NARROWED");
    }
}
