package io.castellan.sdk.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.notation.Notation.Selector;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: valid notations and what they parse to; invalid and hostile ones and the error they get. */
class NotationParserTest {

    private static final String UID = "Ue8h6JyWUs7Iu6eY_mha-w";

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("keeper://" + UID + "/field/password", n(UID, Selector.FIELD, "password", null, null)),
                Arguments.of(UID + "/field/password", n(UID, Selector.FIELD, "password", null, null)),
                Arguments.of("KEEPER://" + UID + "/Field/login", n(UID, Selector.FIELD, "login", null, null)),
                Arguments.of(UID + "/type", n(UID, Selector.TYPE, null, null, null)),
                Arguments.of(UID + "/title/", n(UID, Selector.TITLE, null, null, null)),
                Arguments.of(UID + "/notes", n(UID, Selector.NOTES, null, null, null)),
                Arguments.of("My Server/custom_field/Admin Port", n("My Server", Selector.CUSTOM_FIELD, "Admin Port", null, null)),
                Arguments.of("Title/custom_field/Label[1]", n("Title", Selector.CUSTOM_FIELD, "Label", 1, null)),
                Arguments.of(UID + "/field/phone[]", n(UID, Selector.FIELD, "phone", null, null)),
                Arguments.of(UID + "/field/phone[0]", n(UID, Selector.FIELD, "phone", 0, null)),
                Arguments.of(UID + "/field/pamHostname[0][hostName]", n(UID, Selector.FIELD, "pamHostname", 0, "hostName")),
                Arguments.of(UID + "/field/name[][last]", n(UID, Selector.FIELD, "name", null, "last")),
                Arguments.of(UID + "/field/url[][]", n(UID, Selector.FIELD, "url", null, null)),
                Arguments.of(UID + "/file/id_ed25519.pub", n(UID, Selector.FILE, "id_ed25519.pub", null, null)),
                // escaping of / [ ] \ in titles, labels, file names and properties
                Arguments.of("a\\/b\\[c\\]d\\\\e/field/x", n("a/b[c]d\\e", Selector.FIELD, "x", null, null)),
                Arguments.of(UID + "/custom_field/Label\\[1\\]", n(UID, Selector.CUSTOM_FIELD, "Label[1]", null, null)),
                Arguments.of(UID + "/custom_field/a\\/b[2]", n(UID, Selector.CUSTOM_FIELD, "a/b", 2, null)),
                Arguments.of(UID + "/field/x[0][we\\]ird]", n(UID, Selector.FIELD, "x", 0, "we]ird")),
                Arguments.of(UID + "/file/dir\\/name", n(UID, Selector.FILE, "dir/name", null, null)),
                // as in Keeper: an unescaped bracket inside a title or a '/' inside a parameter is just a character
                Arguments.of("Server [prod]/field/password", n("Server [prod]", Selector.FIELD, "password", null, null)),
                Arguments.of(UID + "/file/a/b", n(UID, Selector.FILE, "a/b", null, null)),
                // web-safe base64 of the notation (no '/' at all)
                Arguments.of(Base64s.encodeWebSafe(("keeper://" + UID + "/field/login").getBytes(StandardCharsets.UTF_8)),
                        n(UID, Selector.FIELD, "login", null, null)));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(null, "empty"),
                Arguments.of("", "empty"),
                Arguments.of("keeper://", "a record and a selector are required"),
                Arguments.of("keeper://" + UID, "a record and a selector are required"),
                Arguments.of(UID, "neither keeper"),
                Arguments.of("keeper://" + UID + "/", "bad selector"),
                Arguments.of("keeper:///field/password", "record UID or title is empty"),
                Arguments.of(UID + "/password", "bad selector"),
                Arguments.of(UID + "/field", "need a parameter"),
                Arguments.of(UID + "/field/", "need a parameter"),
                Arguments.of(UID + "/field/[0]", "label or file name is empty"),
                Arguments.of(UID + "/title/extra", "extra characters"),
                Arguments.of(UID + "/field/password[0", "not closed"),
                Arguments.of(UID + "/field/password[", "not closed"),
                Arguments.of(UID + "/field/password[0]]", "extra characters"),
                Arguments.of(UID + "/field/password[0]x", "extra characters"),
                Arguments.of(UID + "/field/password[[0]]", "cannot contain an unescaped '['"),
                Arguments.of(UID + "/field/password[0][a][b]", "at most two indexes"),
                Arguments.of(UID + "/field/password[x]", "first index must be a number"),
                Arguments.of(UID + "/field/password[-1]", "first index must be a number"),
                Arguments.of(UID + "/field/password[\\]]", "first index must be a number"),
                Arguments.of(UID + "/field/password[99999999999999999999]", "more than 6 digits"),
                Arguments.of(UID + "/field/password[1000000]", "more than 6 digits"),
                Arguments.of(UID + "/file/x[0]", "file selectors take no index"),
                Arguments.of("a\\b/field/x", "incorrect escape sequence at position 1"),
                Arguments.of(UID + "/field/x\\", "incorrect escape sequence"),
                Arguments.of(UID + "/field/x[0\\", "incorrect escape sequence"),
                Arguments.of("a".repeat(5000) + "/field/x", "longer than 4096"),
                Arguments.of("%%%%", "neither keeper"),
                Arguments.of(Base64s.encodeWebSafe(new byte[] {(byte) 0xff, (byte) 0xfe}), "neither keeper"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(String text, Notation expected) {
        assertThat(NotationParser.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refuses(String text, String message) {
        assertThatThrownBy(() -> NotationParser.parse(text)).isInstanceOf(NotationException.class)
                .hasMessageStartingWith("notation error: ").hasMessageContaining(message)
                .satisfies(e -> assertThat(((NotationException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void parsesTheLargestIndexAllowed() {
        assertThat(NotationParser.parse(UID + "/field/x[999999]").index()).isEqualTo(999_999);
    }

    private static Notation n(String record, Selector selector, String parameter, Integer index, String property) {
        return new Notation(record, selector, parameter, index, property);
    }
}
