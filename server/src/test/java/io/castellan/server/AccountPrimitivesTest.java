package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.CastellanRandom;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.account.AccountKeyMaterial;
import io.castellan.server.account.Base32;
import io.castellan.server.account.LoginPolicy;
import io.castellan.server.account.Totp;
import io.castellan.server.account.Verifier;
import io.castellan.server.api.ErrorBodies;
import io.castellan.server.enterprise.EnforcementPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces behind accounts, without a server. */
class AccountPrimitivesTest {

    @Test
    void totpFollowsRfc6238AndAcceptsOneStepOfDrift() {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        Map<Long, String> vectors = Map.of(59L, "287082", 1111111109L, "081804", 1234567890L, "005924",
                2000000000L, "279037");
        vectors.forEach((seconds, code) -> assertThat(Totp.code(seed, seconds / 30)).isEqualTo(code));

        Instant now = Instant.ofEpochSecond(1234567890);
        long step = Totp.step(now);
        assertThat(Totp.verify(seed, Totp.code(seed, step - 1), now)).hasValue(step - 1);
        assertThat(Totp.verify(seed, Totp.code(seed, step + 1), now)).hasValue(step + 1);
        assertThat(Totp.verify(seed, Totp.code(seed, step - 2), now)).isEmpty();
        assertThat(Totp.verify(seed, "12345", now)).isEmpty();
        assertThat(Totp.verify(seed, null, now)).isEmpty();
    }

    @Test
    void base32FollowsRfc4648WithoutPadding() {
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.decode("mzxw6ytboi======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        byte[] random = CastellanRandom.bytes(20);
        assertThat(Base32.decode(Base32.encode(random))).isEqualTo(random);
    }

    @Test
    void delaysStartAtTheThresholdDoubleAndAreCapped() {
        LoginPolicy policy = new LoginPolicy(5, 20, Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(policy.delayAfter(4)).isZero();
        assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(8)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(11)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> new LoginPolicy(5, 4, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVerifierIsSaltedPerUserAndComparedExactly() {
        byte[] authHash = CastellanRandom.bytes(32);
        byte[] first = Verifier.create(authHash);
        byte[] second = Verifier.create(authHash);

        assertThat(first).hasSize(48).isNotEqualTo(second);
        assertThat(Verifier.matches(first, authHash)).isTrue();
        assertThat(Verifier.matches(second, authHash)).isTrue();
        byte[] other = authHash.clone();
        other[31] ^= 1;
        assertThat(Verifier.matches(first, other)).isFalse();
        assertThat(Verifier.matches(new byte[47], authHash)).isFalse();
        assertThat(new String(first, StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(authHash, StandardCharsets.ISO_8859_1));
    }

    @Test
    void keyMaterialIsCheckedForShape() {
        TestAccount a = TestAccount.create("a@example.com", "pw");
        assertThat(a.material().toUserKeys().authVerifier()).hasSize(48);
        assertThat(a.material().toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(a.authHash));
        assertThatThrownBy(() -> new AccountKeyMaterial(a.salt, 9_999, a.authHash, a.encryptedDataKey, a.publicKey,
                a.encryptedPrivateKey)).isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        byte[] offCurve = a.publicKey.clone();
        offCurve[64] ^= 1;
        assertThatThrownBy(() -> new AccountKeyMaterial(a.salt, 10_000, a.authHash, a.encryptedDataKey, offCurve,
                a.encryptedPrivateKey)).hasMessageContaining("publicKey");
        assertThatThrownBy(() -> new AccountKeyMaterial(new byte[8], 10_000, a.authHash, a.encryptedDataKey,
                a.publicKey, a.encryptedPrivateKey)).hasMessageContaining("salt");
    }

    @Test
    void policiesAreKnownByNameInAnyCaseWithTrueOrFalseValues() {
        assertThat(EnforcementPolicy.parse("allow_pam_rotation")).contains(EnforcementPolicy.ALLOW_PAM_ROTATION);
        assertThat(EnforcementPolicy.parse("REQUIRE_TWO_FACTOR")).contains(EnforcementPolicy.REQUIRE_TWO_FACTOR);
        assertThat(EnforcementPolicy.parse("ALLOW_EVERYTHING")).isEmpty();
        assertThat(EnforcementPolicy.values()).hasSize(15);
        assertThat(EnforcementPolicy.canonicalValue("tRuE")).contains("True");
        assertThat(EnforcementPolicy.canonicalValue("FALSE")).contains("False");
        assertThat(EnforcementPolicy.canonicalValue("yes")).isEmpty();
    }

    @Test
    void errorDetailsBecomeJsonBooleansAndNumbers() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("totpRequired", "true");
        details.put("retryAfterSeconds", "4");
        details.put("policy", "REQUIRE_TWO_FACTOR");
        String json = ErrorBodies.render(new CastellanException(ErrorCode.THROTTLED, "wait", details, null));

        assertThat(json).isEqualTo("{\"error\":\"throttled\",\"message\":\"wait\",\"totpRequired\":true,"
                + "\"retryAfterSeconds\":4,\"policy\":\"REQUIRE_TWO_FACTOR\"}");
    }
}
