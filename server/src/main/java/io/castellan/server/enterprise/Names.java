package io.castellan.server.enterprise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Uids;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Requests;
import io.castellan.store.User;
import io.castellan.store.UserRepository;
import java.util.Optional;
import java.util.function.Function;

/** Names of teams and roles, and finding teams, roles and users named in a request. */
final class Names {

    static final int MAX_LENGTH = 100;

    private Names() {
    }

    /** A team or role name: trimmed, 1 to {@value #MAX_LENGTH} characters, no control characters. */
    static String name(ObjectNode body, String field) {
        String name = Requests.text(body, field).strip();
        if (name.length() > MAX_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiFailures.invalidField(field, "must be 1 to " + MAX_LENGTH + " characters without control"
                    + " characters");
        }
        return name;
    }

    /** The group named by a request field holding its UID or its name. */
    static <G> G group(ObjectNode body, String field, Function<String, Optional<G>> byUid,
            Function<String, Optional<G>> byName) {
        String value = Requests.text(body, field).strip();
        Optional<G> found = Uids.isValid(value) ? byUid.apply(value) : Optional.empty();
        return found.or(() -> byName.apply(value))
                .orElseThrow(() -> ApiFailures.notFound("no " + field + " with that UID or name"));
    }

    /** The user with the e-mail in {@code field}. */
    static User user(ObjectNode body, String field, UserRepository users) {
        return users.findByEmail(Requests.email(body, field))
                .orElseThrow(() -> ApiFailures.notFound("no user with that e-mail"));
    }
}
