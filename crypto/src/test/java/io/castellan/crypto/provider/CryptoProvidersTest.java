package io.castellan.crypto.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.CryptoProviders;
import java.security.KeyPairGenerator;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

/** The provider switch: the native provider answers the algorithms Castellan asks for once installed. */
class CryptoProvidersTest {

    @Test
    void theNativeProviderServesCastellansAlgorithmsOnceInstalled() throws Exception {
        String active = CryptoProviders.install("accp");
        assertThat(active).startsWith("AmazonCorrettoCryptoProvider");
        assertThat(CryptoProviders.install("auto")).as("idempotent").isEqualTo(active);
        assertThat(KeyAgreement.getInstance("ECDH").getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName())
                .isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
                .isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(KeyPairGenerator.getInstance("EC").getProvider().getName())
                .isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @Test
    void anUnknownChoiceIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> CryptoProviders.install("openssl"))
                .hasMessageContaining(CryptoProviders.ENVIRONMENT).hasMessageContaining("auto, accp or jdk");
    }
}
