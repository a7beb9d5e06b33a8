package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ConstantTime}, {@link SecretBytes}, {@link Wipe} and {@link CastellanRandom}. */
class SecretsHandlingTest {

    @Test
    void constantTimeByteEquality() {
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4})).isFalse();
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
        assertThat(ConstantTime.equals(new byte[0], new byte[0])).isTrue();
        assertThat(ConstantTime.equals((byte[]) null, null)).isFalse();
        assertThat(ConstantTime.equals(new byte[0], null)).isFalse();
    }

    @Test
    void constantTimeCharAndStringEquality() {
        assertThat(ConstantTime.equals("pässwörd".toCharArray(), "pässwörd".toCharArray())).isTrue();
        assertThat(ConstantTime.equals("password".toCharArray(), "passwore".toCharArray())).isFalse();
        assertThat(ConstantTime.equals("token", "token")).isTrue();
        assertThat(ConstantTime.equals("token", "tokem")).isFalse();
        assertThat(ConstantTime.equals("token", "token ")).isFalse();
        // Lone surrogates must not collapse into a replacement character.
        assertThat(ConstantTime.equals("\uD800", "\uFFFD")).isFalse();
        assertThat(ConstantTime.equals("\uD800".toCharArray(), "\uDC00".toCharArray())).isFalse();
        // A char differing only in its high byte.
        assertThat(ConstantTime.equals("\u0141", "\u0041")).isFalse();
        assertThat(ConstantTime.equals((String) null, null)).isFalse();
    }

    @Test
    void secretBytesWipesOnClose() {
        byte[] secret = {9, 8, 7, 6};
        SecretBytes holder = SecretBytes.wrap(secret);
        try (holder) {
            assertThat(holder.bytes()).isSameAs(secret);
            assertThat(holder.toString()).doesNotContain("9").contains("4 bytes");
        }
        assertThat(secret).containsOnly(0);
        assertThat(holder.isClosed()).isTrue();
        assertThat(holder.length()).isEqualTo(4);
        assertThatThrownBy(holder::bytes).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(holder::copy).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secretBytesCopyLeavesCallerArrayAlone() {
        byte[] secret = {1, 2, 3};
        try (SecretBytes holder = SecretBytes.copyOf(secret)) {
            assertThat(holder.bytes()).isNotSameAs(secret).isEqualTo(secret);
            byte[] copy = holder.copy();
            copy[0] = 42;
            assertThat(holder.bytes()[0]).isEqualTo((byte) 1);
        }
        assertThat(secret).containsExactly(1, 2, 3);
        try (SecretBytes random = SecretBytes.random(32)) {
            assertThat(random.bytes()).hasSize(32).isNotEqualTo(new byte[32]);
        }
    }

    @Test
    void wipeZeroesArraysAndToleratesNull() {
        byte[] bytes = {1, 2};
        char[] chars = {'a', 'b'};
        byte[] other = {3};
        Wipe.wipe(bytes);
        Wipe.wipe(chars);
        Wipe.wipeAll(other, null);
        Wipe.wipe((byte[]) null);
        Wipe.wipe((char[]) null);
        assertThat(bytes).containsOnly(0);
        assertThat(chars).containsOnly('\0');
        assertThat(other).containsOnly(0);
    }

    @Test
    void randomBytes() {
        assertThat(CastellanRandom.bytes(0)).isEmpty();
        assertThat(CastellanRandom.bytes(32)).hasSize(32).isNotEqualTo(CastellanRandom.bytes(32));
        assertThatThrownBy(() -> CastellanRandom.bytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CastellanRandom.secureRandom().getAlgorithm()).isNotEqualTo("NativePRNGBlocking");
    }
}
