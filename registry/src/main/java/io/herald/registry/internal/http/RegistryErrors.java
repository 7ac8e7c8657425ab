package io.herald.registry.internal.http;

import java.util.List;

/** Every error the registry answers, with Confluent's code and message text, in one place. */
public final class RegistryErrors {

    private RegistryErrors() {}

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(40401, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(Object version) {
        return new RegistryException(40402, "Version " + version + " not found.");
    }

    public static RegistryException schemaIdNotFound(int id) {
        return new RegistryException(40403, "Schema " + id + " not found");
    }

    public static RegistryException schemaNotFound() {
        return new RegistryException(40403, "Schema not found");
    }

    public static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(
                40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(
                40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }

    public static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(
                40406,
                "Subject '" + subject + "' Version " + version
                        + " was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(
                40407,
                "Subject '" + subject + "' Version " + version
                        + " was not deleted first before being permanently deleted");
    }

    public static RegistryException subjectConfigNotFound(String subject) {
        return new RegistryException(
                40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    public static RegistryException subjectModeNotFound(String subject) {
        return new RegistryException(40409, "Subject '" + subject + "' does not have subject-level mode configured");
    }

    public static RegistryException invalidSchema(String message) {
        return new RegistryException(42201, message);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(
                42202,
                "The specified version '" + version
                        + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(
                42203,
                "Invalid compatibility level " + level + ". Valid values are none,"
                        + " backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    public static RegistryException invalidMode(String mode) {
        return new RegistryException(
                42204, "Invalid mode " + mode + ". Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT");
    }

    public static RegistryException operationNotPermitted(String message) {
        return new RegistryException(42205, message);
    }

    public static RegistryException referenceExists(String subject, int version) {
        return new RegistryException(
                42206,
                "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=" + subject + ",version="
                        + version + "}.");
    }

    public static RegistryException idMismatch(int id) {
        return new RegistryException(
                42207,
                "Overwrite new schema with id " + id
                        + " is not permitted: that id holds another schema; leave the id out or use the schema it holds");
    }

    public static RegistryException incompatible(String subject, List<String> messages) {
        return new RegistryException(
                409,
                "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                        + "\", details: " + messages);
    }

    public static RegistryException badRequest(String message) {
        return new RegistryException(400, message);
    }

    public static RegistryException storeError(String message) {
        return new RegistryException(50001, "Error while storing the schema: " + message);
    }

    public static RegistryException notWriter() {
        return new RegistryException(
                50004, "Unknown leader: this registry instance is not the writer of the schemas topic; retry shortly");
    }

    public static RegistryException forwardingFailed(String message) {
        return new RegistryException(50003, "Error while forwarding the request to the writer: " + message);
    }

    public static RegistryException timeout(String message) {
        return new RegistryException(50002, "Operation timed out: " + message);
    }
}
