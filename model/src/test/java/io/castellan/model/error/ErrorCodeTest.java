package io.castellan.model.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    private static final Path DOC = Path.of("..", "docs", "errors.md");
    private static final Set<String> KSM_ERRORS_SDKS_ACT_ON = Set.of("key", "throttled", "access_denied", "invalid_client_version");

    @Test
    void codesAreUniqueLowerSnakeCase() {
        List<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
        assertThat(codes).doesNotHaveDuplicates();
        assertThat(codes).allMatch(c -> c.matches("[a-z][a-z0-9_]*"));
    }

    @Test
    void everyCodeHasAnErrorStatusAndNonZeroExitCode() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.httpStatus()).as(code.name()).isBetween(400, 599);
            assertThat(code.ksmHttpStatus()).as(code.name()).isBetween(400, 599);
            assertThat(code.exitCode()).as(code.name()).isBetween(1, 125);
            assertThat(code.ksmError()).as(code.name()).isNotBlank();
        }
    }

    @Test
    void keeperSdkErrorStringsAreAllReachable() {
        Set<String> ksm = Arrays.stream(ErrorCode.values()).map(ErrorCode::ksmError).collect(Collectors.toSet());
        assertThat(ksm).containsAll(KSM_ERRORS_SDKS_ACT_ON);
        assertThat(ErrorCode.THROTTLED.ksmHttpStatus()).as("Keeper SDKs retry only on 403 throttled").isEqualTo(403);
        assertThat(ErrorCode.TRANSMISSION_KEY_REJECTED.ksmError()).isEqualTo("key");
    }

    @Test
    void briefStatusesAndExitCodes() {
        assertThat(ErrorCode.BAD_REQUEST).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(400, 2);
        assertThat(ErrorCode.UNAUTHENTICATED).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(401, 3);
        assertThat(ErrorCode.FORBIDDEN).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(403, 4);
        assertThat(ErrorCode.NOT_FOUND).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(404, 5);
        assertThat(ErrorCode.CONFLICT).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(409, 6);
        assertThat(ErrorCode.THROTTLED).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(429, 7);
        assertThat(ErrorCode.GATEWAY_OFFLINE).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(503, 8);
        assertThat(ErrorCode.TIMEOUT).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(504, 9);
        assertThat(ErrorCode.STORE_CORRUPT).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(500, 10);
        assertThat(ErrorCode.INTERNAL).extracting(ErrorCode::httpStatus, ErrorCode::exitCode).containsExactly(500, 1);
    }

    @Test
    void fromCodeRoundTrips() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.fromCode(code.code())).contains(code);
        }
        assertThat(ErrorCode.fromCode("no_such_code")).isEmpty();
        assertThat(ErrorCode.fromCode(null)).isEmpty();
    }

    @Test
    void docsListEveryCodeWithItsStatusesAndExitCode() throws IOException {
        assertThat(DOC).as("docs/errors.md next to the module directory").exists();
        List<String> rows = Files.readAllLines(DOC, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("| `")).toList();
        for (ErrorCode code : ErrorCode.values()) {
            Optional<String> row = rows.stream().filter(r -> r.startsWith("| `" + code.name() + "` |")).findFirst();
            assertThat(row).as("row for " + code.name()).isPresent();
            String[] cells = Arrays.stream(row.get().split("\\|")).map(String::trim).toArray(String[]::new);
            assertThat(cells[2]).as(code.name() + " code").isEqualTo("`" + code.code() + "`");
            assertThat(cells[3]).as(code.name() + " HTTP").isEqualTo(Integer.toString(code.httpStatus()));
            assertThat(cells[4]).as(code.name() + " exit").isEqualTo(Integer.toString(code.exitCode()));
            assertThat(cells[5]).as(code.name() + " ksm error").isEqualTo("`" + code.ksmError() + "`");
            assertThat(cells[6]).as(code.name() + " ksm HTTP").isEqualTo(Integer.toString(code.ksmHttpStatus()));
        }
        Pattern constant = Pattern.compile("^\\| `([A-Z_]+)` \\|");
        List<String> documented = rows.stream().map(constant::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1)).toList();
        assertThat(documented).as("no stale rows").containsExactlyInAnyOrder(
                Arrays.stream(ErrorCode.values()).map(Enum::name).toArray(String[]::new));
    }
}
