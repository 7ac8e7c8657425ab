package io.herald.registry.internal.schema.protobuf;

/**
 * The kinds of difference between two {@code .proto} files, with Confluent's names ({@code protobuf/diff/Difference})
 * and Confluent's verdict: whether a reader with the update still reads data written with the original (BACKWARD).
 * The verdicts are Confluent's even where the wire format is stricter or looser (an enum or a enum constant removed
 * is compatible, as Confluent says; int32 to int64 is not a "scalar kind" change), so that a schema history Confluent
 * accepts is accepted here and the other way round.
 */
public enum DifferenceType {
    PACKAGE_CHANGED(false),
    MESSAGE_ADDED(true),
    MESSAGE_REMOVED(false),
    /** A message at another index of its file or parent: compatible, the message indexes on the wire are per id. */
    MESSAGE_MOVED(true),
    ENUM_ADDED(true),
    ENUM_REMOVED(true),
    ENUM_CONST_ADDED(true),
    /** The constant with this number has another name. */
    ENUM_CONST_CHANGED(true),
    ENUM_CONST_REMOVED(true),
    FIELD_ADDED(true),
    FIELD_REMOVED(true),
    FIELD_NAME_CHANGED(true),
    /** Between scalar (enums included), message and map. */
    FIELD_KIND_CHANGED(false),
    /**
     * Between groups of scalars that share an encoding: {int32, int64, uint32, uint64, bool, enums}, {sint32,
     * sint64}, {string, bytes}, {fixed32, sfixed32}, {fixed64, sfixed64}, {float}, {double}. A change inside one
     * group is no difference.
     */
    FIELD_SCALAR_KIND_CHANGED(false),
    /** Another message type (by name in its package), or a referenced message type that changed incompatibly. */
    FIELD_NAMED_TYPE_CHANGED(false),
    /**
     * Between two explicit labels ({@code optional}, {@code required}, {@code repeated}) on a numeric field: packed
     * encoding differs. As in Confluent, a proto3 field written without a label compares with no label, so making
     * it {@code repeated} is no difference.
     */
    FIELD_NUMERIC_LABEL_CHANGED(false),
    /** Between two explicit labels on a string or bytes field (the encoding is the same). */
    FIELD_STRING_OR_BYTES_LABEL_CHANGED(true),
    REQUIRED_FIELD_ADDED(false),
    REQUIRED_FIELD_REMOVED(false),
    ONEOF_ADDED(true),
    /** A oneof removed with all its fields (removing only some is {@link #ONEOF_FIELD_REMOVED}). */
    ONEOF_REMOVED(true),
    ONEOF_FIELD_ADDED(true),
    ONEOF_FIELD_REMOVED(false),
    ONEOF_FIELD_MOVED_TO_TOP_LEVEL(true),
    /** Several fields that were independent put into one oneof. */
    MULTIPLE_FIELDS_MOVED_TO_ONEOF(false),
    /** Fields that were independent made mutually exclusive by joining one oneof. */
    FIELD_MOVED_TO_EXISTING_ONEOF(false);

    private final boolean compatible;

    DifferenceType(boolean compatible) {
        this.compatible = compatible;
    }

    /** Whether a reader of the update still reads data written with the original despite this difference. */
    public boolean compatible() {
        return compatible;
    }

    /**
     * The verbose message of an incompatible difference at {@code path}, in Confluent's form and words, except that
     * the schemas are named "reader" and "writer" where Confluent says "new" and "old" (or, for FORWARD, "old" and
     * "new"): the same schemas, named by their role, since the checker does not know which one is the new one.
     */
    public String message(String path) {
        String description = switch (this) {
            case PACKAGE_CHANGED ->
                "The package at '" + path + "' in the reader schema does not match the package in the writer schema";
            case MESSAGE_REMOVED ->
                "The reader schema is missing a MESSAGE type at path '" + path + "' in the writer schema";
            case FIELD_KIND_CHANGED ->
                "The type of a field at path '" + path + "' in the reader schema does not match the writer schema";
            case FIELD_SCALAR_KIND_CHANGED ->
                "The kind of a SCALAR field at path '" + path
                        + "' in the reader schema does not match its kind in the writer schema";
            case FIELD_NAMED_TYPE_CHANGED ->
                "The type of a MESSAGE field at path '" + path
                        + "' in the reader schema does not match its type in the writer schema";
            case FIELD_NUMERIC_LABEL_CHANGED ->
                "The label for a NUMERIC field at path '" + path
                        + "' in the reader schema does not match its label in the writer schema";
            case REQUIRED_FIELD_ADDED ->
                "A required field  at path '" + path + "' in the reader schema is missing in the writer schema";
            case REQUIRED_FIELD_REMOVED ->
                "The reader schema is missing a required field at path: '" + path + "' in the writer schema";
            case ONEOF_FIELD_REMOVED ->
                "The reader schema is missing a oneof field at path '" + path + "' in the writer schema";
            case MULTIPLE_FIELDS_MOVED_TO_ONEOF ->
                "Multiple fields in the oneof at path '" + path
                        + "' in the reader schema are outside a oneof in the writer schema";
            case FIELD_MOVED_TO_EXISTING_ONEOF ->
                "A field in the oneof at path '" + path
                        + "' in the reader schema is outside an existing oneof in the writer schema";
            default -> "";
        };
        return "{errorType:\"" + name() + "\", description:\"" + description + "\"}";
    }
}
