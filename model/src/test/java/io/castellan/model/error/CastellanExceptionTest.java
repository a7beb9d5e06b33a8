package io.castellan.model.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CastellanExceptionTest {

    @Test
    void missingPolicyIsForbiddenAndNamesThePolicy() {
        CastellanException e = CastellanException.missingPolicy("ALLOW_PAM_ROTATION");
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.detail(CastellanException.DETAIL_POLICY)).contains("ALLOW_PAM_ROTATION");
        assertThat(e.getMessage()).contains("ALLOW_PAM_ROTATION");
    }

    @Test
    void withDetailReturnsACopyAndKeepsTheOriginal() {
        CastellanException original = new CastellanException(ErrorCode.VALIDATION_FAILED, "bad field");
        CastellanException copy = original.withDetail(CastellanException.DETAIL_FIELD, "pamHostname");
        assertThat(original.details()).isEmpty();
        assertThat(copy.details()).containsExactly(Map.entry("field", "pamHostname"));
        assertThat(copy.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThatThrownBy(() -> copy.details().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringShowsCodeAndMessage() {
        CastellanException e = new CastellanException(ErrorCode.CONFLICT, "record revision is stale");
        assertThat(e).hasToString(CastellanException.class.getName() + ": [conflict] record revision is stale");
        assertThat(e).isInstanceOf(RuntimeException.class);
    }
}
