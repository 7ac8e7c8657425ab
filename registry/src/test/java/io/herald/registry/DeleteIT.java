package io.herald.registry;

import static io.herald.registry.RegistryFixture.avroRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Soft and permanent deletes of versions and subjects, with Confluent's order rules and reference checks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeleteIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    private static void twoVersions(String subject) {
        registry.client().register(subject, null, avroRecord("R"));
        registry.client().register(subject, null, avroRecord("R", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}"));
    }

    @Test
    void softDeleteOfAVersionHidesItUnlessDeletedIsAsked() {
        twoVersions("soft-version");

        Answer deleted = registry.client().delete("/subjects/soft-version/versions/1");

        assertThat(deleted.text()).isEqualTo("1");
        assertThat(registry.client().get("/subjects/soft-version/versions/1").errorCode())
                .isEqualTo(40402);
        assertThat(registry.client()
                        .get("/subjects/soft-version/versions/1?deleted=true")
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void softDeletingAVersionTwiceIs40406() {
        twoVersions("soft-twice");
        registry.client().delete("/subjects/soft-twice/versions/1");

        Answer again = registry.client().delete("/subjects/soft-twice/versions/1");

        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo(40406);
    }

    @Test
    void permanentDeleteOfALiveVersionIs40407() {
        twoVersions("hard-first");

        assertThat(registry.client()
                        .delete("/subjects/hard-first/versions/2?permanent=true")
                        .errorCode())
                .isEqualTo(40407);
    }

    @Test
    void permanentDeleteAfterSoftRemovesTheVersionForGood() {
        twoVersions("hard-after-soft");
        registry.client().delete("/subjects/hard-after-soft/versions/1");

        Answer hard = registry.client().delete("/subjects/hard-after-soft/versions/1?permanent=true");

        assertThat(hard.text()).isEqualTo("1");
        assertThat(registry.client()
                        .get("/subjects/hard-after-soft/versions/1?deleted=true")
                        .errorCode())
                .isEqualTo(40402);
        assertThat(registry.client()
                        .get("/subjects/hard-after-soft/versions?deleted=true")
                        .text())
                .isEqualTo("[2]");
    }

    @Test
    void deletingAVersionOfAnUnknownSubjectIs40401AndAnUnknownVersion40402() {
        twoVersions("delete-missing");

        assertThat(registry.client()
                        .delete("/subjects/delete-nobody/versions/1")
                        .errorCode())
                .isEqualTo(40401);
        assertThat(registry.client()
                        .delete("/subjects/delete-missing/versions/9")
                        .errorCode())
                .isEqualTo(40402);
    }

    @Test
    void softDeleteOfASubjectAnswersItsVersions() {
        twoVersions("soft-subject");

        Answer deleted = registry.client().delete("/subjects/soft-subject");

        assertThat(deleted.text()).isEqualTo("[1,2]");
        assertThat(registry.client().get("/subjects/soft-subject/versions").errorCode())
                .isEqualTo(40401);
        assertThat(registry.client()
                        .get("/subjects/soft-subject/versions/latest?deleted=true")
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void softDeletingASubjectTwiceIs40404() {
        twoVersions("soft-subject-twice");
        registry.client().delete("/subjects/soft-subject-twice");

        assertThat(registry.client().delete("/subjects/soft-subject-twice").errorCode())
                .isEqualTo(40404);
    }

    @Test
    void permanentDeleteOfALiveSubjectIs40405() {
        twoVersions("hard-subject-first");

        assertThat(registry.client()
                        .delete("/subjects/hard-subject-first?permanent=true")
                        .errorCode())
                .isEqualTo(40405);
    }

    @Test
    void permanentDeleteOfASoftDeletedSubjectRemovesItAndItsConfig() {
        twoVersions("hard-subject");
        registry.client().put("/config/hard-subject", Map.of("compatibility", "NONE"));
        registry.client().delete("/subjects/hard-subject");

        Answer hard = registry.client().delete("/subjects/hard-subject?permanent=true");

        assertThat(hard.text()).isEqualTo("[1,2]");
        assertThat(registry.client().get("/subjects?deleted=true").text()).doesNotContain("hard-subject\"");
        assertThat(registry.client()
                        .get("/subjects/hard-subject/versions?deleted=true")
                        .errorCode())
                .isEqualTo(40401);
        assertThat(registry.client().get("/config/hard-subject").errorCode()).isEqualTo(40408);
    }

    @Test
    void deletingAnUnknownSubjectIs40401() {
        assertThat(registry.client().delete("/subjects/delete-no-subject").errorCode())
                .isEqualTo(40401);
    }

    @Test
    void aReferencedVersionCannotBeDeleted42206() {
        registry.client().register("referenced", null, "{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\"]}");
        registry.client()
                .post(
                        "/subjects/referrer/versions",
                        Map.of(
                                "schema",
                                "{\"type\":\"record\",\"name\":\"Car\",\"fields\":[{\"name\":\"c\",\"type\":\"Color\"}]}",
                                "references",
                                List.of(Map.of("name", "Color", "subject", "referenced", "version", 1))));

        Answer version = registry.client().delete("/subjects/referenced/versions/1");
        Answer subject = registry.client().delete("/subjects/referenced");

        assertThat(version.status()).isEqualTo(422);
        assertThat(version.errorCode()).isEqualTo(42206);
        assertThat(subject.errorCode()).isEqualTo(42206);
    }

    @Test
    void reRegisteringASoftDeletedSchemaGivesANewVersionWithTheSameId() {
        Answer first = registry.client().register("come-back", null, "\"bytes\"");
        registry.client().delete("/subjects/come-back");

        Answer again = registry.client().register("come-back", null, "\"bytes\"");

        assertThat(again.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(again.json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void softDeletedVersionsAreNotCheckedForCompatibility() {
        registry.client().register("skip-deleted", null, avroRecord("S", "{\"name\":\"a\",\"type\":\"string\"}"));
        registry.client().put("/config/skip-deleted", Map.of("compatibility", "BACKWARD_TRANSITIVE"));
        registry.client()
                .register(
                        "skip-deleted", null, avroRecord("S", "{\"name\":\"a\",\"type\":\"string\",\"default\":\"\"}"));
        registry.client().delete("/subjects/skip-deleted/versions/1");

        // reads version 2's data (a has a default) but not version 1's (a had none): only live versions count
        Answer answer = registry.client().register("skip-deleted", null, avroRecord("S"));

        assertThat(answer.status()).isEqualTo(200);
    }
}
