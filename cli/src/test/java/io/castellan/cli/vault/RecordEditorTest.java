package io.castellan.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import io.castellan.model.recordtype.RecordTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordEditorTest {

    private final RecordEditor editor = new RecordEditor(RecordTypes.builtIn());

    private RecordData machine(String... fields) {
        RecordData record = editor.create("pamMachine", "db01");
        editor.apply(record, List.of(fields));
        return record;
    }

    @Test
    void aNewRecordHasItsTypesLayoutAndSpecsFillIt() {
        RecordData r = machine("pamHostname=10.0.0.5:22", "login=root", "text.Operating System=Linux",
                "checkbox.sslVerification=yes");
        assertThat(r.fields()).extracting(RecordField::type).startsWith("pamHostname", "login", "password");
        assertThat(r.findField("pamHostname").orElseThrow().firstValue().orElseThrow().toString())
                .isEqualTo("{\"hostName\":\"10.0.0.5\",\"port\":\"22\"}");
        assertThat(r.firstValue("text", "operatingSystem")).contains("Linux");
        assertThat(r.findField("text", "operatingSystem").orElseThrow().label()).contains("operatingSystem");
        assertThat(r.findField("checkbox", "sslVerification").orElseThrow().firstValue().orElseThrow().booleanValue())
                .isTrue();
        assertThat(r.custom()).isEmpty();
        assertThat(editor.validate(r)).isEmpty();
    }

    @Test
    void fieldsOutsideTheLayoutAndCustomSpecsGoToCustom() {
        RecordData r = machine("pamHostname=h", "c.Owner=ops", "url=https://x");
        assertThat(r.custom()).extracting(RecordField::type).containsExactly("text", "url");
        assertThat(r.firstValue("text", "Owner")).contains("ops");
    }

    @Test
    void valuesAreConvertedByFieldType() {
        RecordData r = editor.create("login", "t");
        editor.apply(r, List.of("c.date.Expires=2030-01-31", "c.date.Epoch=1700000000000",
                "c.name.Person=$JSON:{\"first\":\"Ada\",\"last\":\"Lovelace\"}", "c.host.V6=[::1]:5432",
                "password=$GEN"));
        assertThat(r.findField("date", "Expires").orElseThrow().firstValue().orElseThrow().longValue())
                .isEqualTo(1896048000000L);
        assertThat(r.findField("date", "Epoch").orElseThrow().firstValue().orElseThrow().longValue())
                .isEqualTo(1700000000000L);
        assertThat(r.findField("name", "Person").orElseThrow().firstValue().orElseThrow().path("last").asText())
                .isEqualTo("Lovelace");
        assertThat(r.findField("host", "V6").orElseThrow().firstValue().orElseThrow().path("hostName").asText())
                .isEqualTo("::1");
        String generated = r.firstValue("password", null).orElseThrow();
        assertThat(generated).hasSize(24).isNotEqualTo("$GEN").matches(".*[A-Z].*").matches(".*[a-z].*")
                .matches(".*[0-9].*");
    }

    @Test
    void anEmptyValueClearsAField() {
        RecordData r = machine("pamHostname=h", "login=root");
        editor.apply(r, List.of("login="));
        assertThat(r.findField("login").orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void validationErrorsNameTheTypeAndField() {
        assertThatThrownBy(() -> editor.validate(machine("login=root")))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("pamMachine", "pamHostname", "required");
                });
        assertThatThrownBy(() -> machine("pamHostname=db:99999"))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("pamMachine: field pamHostname", "1 to 65535");
                });
        assertThatThrownBy(() -> machine("checkbox.sslVerification=maybe")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> machine("c.date.When=soon")).hasMessageContaining("YYYY-MM-DD");
        assertThatThrownBy(() -> machine("c.paymentCard.Card=4111")).isInstanceOfSatisfying(
                CastellanException.class, e -> assertThat(e.getMessage()).contains("$JSON:").doesNotContain("4111"));
        assertThatThrownBy(() -> machine("c.secret.K=$JSON:{broken")).isInstanceOfSatisfying(
                CastellanException.class, e -> assertThat(e.getMessage()).contains("not valid JSON")
                        .doesNotContain("broken"));
    }

    @Test
    void anUnknownRecordTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> editor.create("pamMachin", "x")).isInstanceOfSatisfying(CastellanException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("\"pamMachin\"", "pamMachine", "pamUser");
                });
    }
}
