package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.account.AdminBootstrap;
import io.castellan.server.account.Verifier;
import io.castellan.store.AuditEvent;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.User;
import io.castellan.store.UserStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline bootstrap of the first administrator. */
class AdminBootstrapTest {

    @TempDir
    Path dataDir;

    @Test
    void createsExactlyOneAdministratorAndRefusesASecond() {
        TestAccount alice = TestAccount.create("Alice@Example.com", "Canary-Bootstrap-Pw");
        TestAccount mallory = TestAccount.create("mallory@example.com", "pw");
        try (Store store = Store.open(StoreConfig.embedded(dataDir))) {
            String uid = AdminBootstrap.createAdmin(store, alice.email, alice.material());

            User admin = store.users().findByUid(uid).orElseThrow();
            assertThat(admin.email()).isEqualTo("alice@example.com");
            assertThat(admin.admin()).isTrue();
            assertThat(admin.status()).isEqualTo(UserStatus.ACTIVE);
            assertThat(Verifier.matches(admin.keys().orElseThrow().authVerifier(), alice.authHash)).isTrue();
            assertThat(admin.keys().orElseThrow().authVerifier()).isNotEqualTo(alice.authHash);
            assertThat(admin.keys().orElseThrow().encryptedDataKey()).isEqualTo(alice.encryptedDataKey);

            assertThatThrownBy(() -> AdminBootstrap.createAdmin(store, mallory.email, mallory.material()))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessage("an administrator already exists; nothing else creates one");
            assertThat(store.users().list()).hasSize(1);
            assertThat(store.auditEvents().range(1, Long.MAX_VALUE)).extracting(AuditEvent::event)
                    .singleElement().satisfies(e -> {
                        assertThat(e.eventType()).isEqualTo("admin_created");
                        assertThat(e.actor()).isEqualTo("system");
                        assertThat(e.subjectUids()).containsExactly(uid);
                    });
        }
    }
}
