package io.castellan.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IterationPolicyTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(IterationPolicy.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(IterationPolicy.PROPERTY);
        } else {
            System.setProperty(IterationPolicy.PROPERTY, saved);
        }
    }

    @Test
    void withoutThePropertyTheFloorIsOneHundredThousand() {
        System.clearProperty(IterationPolicy.PROPERTY);
        assertThat(IterationPolicy.check(100_000)).isEqualTo(100_000);
        assertThat(IterationPolicy.check(1_000_000)).isEqualTo(1_000_000);
        assertThatThrownBy(() -> IterationPolicy.check(99_999)).isInstanceOfSatisfying(CastellanException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains("99999");
                });
        assertThatThrownBy(() -> IterationPolicy.check(1)).isInstanceOf(CastellanException.class);
    }

    @Test
    void absurdlyHighCountsAreRefusedToo() {
        assertThatThrownBy(() -> IterationPolicy.check(IterationPolicy.MAXIMUM + 1))
                .isInstanceOf(CastellanException.class);
    }

    @Test
    void testsMayLowerTheFloorThroughTheSystemProperty() {
        System.setProperty(IterationPolicy.PROPERTY, "1000");
        assertThat(IterationPolicy.check(1000)).isEqualTo(1000);
        assertThatThrownBy(() -> IterationPolicy.check(999)).isInstanceOf(CastellanException.class);
    }
}
