package io.castellan.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.recordtype.RecordTypes;
import org.junit.jupiter.api.Test;

class FieldSpecTest {

    private static FieldSpec parse(String argument) {
        return FieldSpec.parse(argument, "pamMachine", RecordTypes.builtIn());
    }

    @Test
    void aFieldTypeAlone() {
        assertThat(parse("login=admin")).isEqualTo(new FieldSpec("login", null, false, "admin"));
    }

    @Test
    void aTypeAndLabel() {
        assertThat(parse("text.operatingSystem=Linux"))
                .isEqualTo(new FieldSpec("text", "operatingSystem", false, "Linux"));
        assertThat(parse("text.Operating System=Linux").label()).isEqualTo("Operating System");
    }

    @Test
    void customFieldsDefaultToTextAndMayNameAType() {
        assertThat(parse("c.Owner=ops")).isEqualTo(new FieldSpec("text", "Owner", true, "ops"));
        assertThat(parse("c.secret.API Key=k")).isEqualTo(new FieldSpec("secret", "API Key", true, "k"));
        assertThat(parse("c.not.a.type=v")).isEqualTo(new FieldSpec("text", "not.a.type", true, "v"));
    }

    @Test
    void theValueIsEverythingAfterTheFirstEqualsSign() {
        assertThat(parse("password=a=b==").value()).isEqualTo("a=b==");
        assertThat(parse("login=").value()).isEmpty();
    }

    @Test
    void malformedArgumentsAreRefusedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> parse("hunter2")).isInstanceOfSatisfying(CastellanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).startsWith("pamMachine: ").contains("FIELD=VALUE").doesNotContain("hunter2");
        });
        assertThatThrownBy(() -> parse("=x")).hasMessageContaining("FIELD=VALUE");
        assertThatThrownBy(() -> parse("passwrd=hunter2")).isInstanceOfSatisfying(CastellanException.class, e -> {
            assertThat(e.getMessage()).contains("pamMachine", "\"passwrd\"", "c.LABEL").doesNotContain("hunter2");
        });
        assertThatThrownBy(() -> parse("c.=x")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> parse("text.=x")).hasMessageContaining("empty label");
    }
}
