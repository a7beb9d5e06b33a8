package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UidsTest {

    @Test
    void newUidsAreValidUniqueAndNeverStartWithDash() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String uid = Uids.newUid();
            assertThat(uid).hasSize(22);
            assertThat(Uids.isValid(uid)).isTrue();
            assertThat(uid.charAt(0)).isNotIn('-', '_');
            assertThat(Uids.toBytes(uid)).hasSize(16);
            seen.add(uid);
        }
        assertThat(seen).hasSize(5000);
    }

    @Test
    void knownKeeperUidsAreValid() {
        assertThat(Uids.isValid("Ue8h6JyWUs7Iu6eY_mha-w")).isTrue();
        assertThat(Uids.isValid("y6FBhg7C-wy2zaM0-ouI-Q")).isTrue();
        assertThat(Uids.isValid("-6FBhg7C-wy2zaM0-ouI-Q")).isTrue(); // other clients may start with '-'
        assertThat(Uids.fromBytes(Uids.toBytes("ZUx3UkTzy2pgLFHNTiMMUw"))).isEqualTo("ZUx3UkTzy2pgLFHNTiMMUw");
    }

    @Test
    void invalidUidsAreRejected() {
        for (String bad : new String[] {null, "", "Ue8h6JyWUs7Iu6eY_mha-", "Ue8h6JyWUs7Iu6eY_mha-wA",
                "Ue8h6JyWUs7Iu6eY_mha+w", "Ue8h6JyWUs7Iu6eY/mha-w", "Ue8h6JyWUs7Iu6eY_mha-x",
                "Ue8h6JyWUs7Iu6eY_mha==", "Ue8h6JyWUs7Iu6eY mha-w"}) {
            assertThat(Uids.isValid(bad)).as(String.valueOf(bad)).isFalse();
            assertThatThrownBy(() -> Uids.toBytes(bad)).isInstanceOf(CryptoException.class);
        }
        assertThatThrownBy(() -> Uids.fromBytes(new byte[15])).isInstanceOf(CryptoException.class);
    }
}
