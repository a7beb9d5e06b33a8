package io.castellan.gateway.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The values of a record that are secrets, as the scrubber must know them: every text inside a field whose type
 * holds secrets (passwords, keys, codes, card and account numbers, security answers), wherever in the field's value
 * it sits (a {@code keyPair}'s private key is one property of an object value).
 */
final class SecretValues {

    /** Keeper field types whose values are secret. */
    static final Set<String> SECRET_FIELD_TYPES = Set.of("password", "secret", "pinCode", "oneTimeCode", "otp",
            "keyPair", "privateKey", "paymentCard", "bankAccount", "securityQuestion", "licenseNumber",
            "accountNumber");

    private SecretValues() {
    }

    /** @return the secret texts of the record's fields and custom fields */
    static List<String> of(RecordData data) {
        List<String> out = new ArrayList<>();
        collect(data.fields(), out);
        collect(data.custom(), out);
        return out;
    }

    private static void collect(List<RecordField> fields, List<String> out) {
        for (RecordField field : fields) {
            if (SECRET_FIELD_TYPES.contains(field.type())) {
                field.values().forEach(v -> texts(v, out));
            }
        }
    }

    private static void texts(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.textValue());
        } else if (node.isContainerNode()) {
            node.forEach(child -> texts(child, out));
        }
    }
}
