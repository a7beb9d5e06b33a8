package io.castellan.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.gateway.testing.Canaries;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {

    private final SecretScrubber scrubber = new SecretScrubber();

    @Test
    void replacesARegisteredValueAndItsCommonEncodings() {
        String secret = "p@ss w/rd:" + Canaries.next();
        scrubber.register(secret);
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String text = "plain " + secret + " url " + url + " basic " + b64 + " end";

        String clean = scrubber.scrub(text);

        assertThat(clean).isEqualTo("plain [scrubbed] url [scrubbed] basic [scrubbed] end");
    }

    @Test
    void shortValuesAreNotRegisteredSoLogsStayReadable() {
        scrubber.register("1");
        scrubber.register("abc");
        scrubber.register((String) null);
        scrubber.register(new char[] {'y', 'e', 's'});

        assertThat(scrubber.size()).isZero();
        assertThat(scrubber.scrub("job 1 of abc: yes")).isEqualTo("job 1 of abc: yes");
    }

    @Test
    void aValueContainingAnotherIsReplacedWhole() {
        scrubber.register("hunter2hunter2");
        scrubber.register("hunter2");

        assertThat(scrubber.scrub("a hunter2hunter2 b hunter2 c")).isEqualTo("a [scrubbed] b [scrubbed] c");
    }

    @Test
    void charArraysJsonEscapesAndPemLinesAreCovered() {
        char[] chars = ("quote\"back\\" + Canaries.next()).toCharArray();
        scrubber.register(chars);
        String pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                + "-----END PRIVATE KEY-----";
        scrubber.register(pem);
        String jsonEscaped = new String(chars).replace("\\", "\\\\").replace("\"", "\\\"");

        assertThat(scrubber.scrub("{\"password\":\"" + jsonEscaped + "\"}")).isEqualTo("{\"password\":\"[scrubbed]\"}");
        assertThat(scrubber.scrub("line: MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg"))
                .isEqualTo("line: [scrubbed]");
        assertThat(scrubber.scrub(null)).isNull();
    }
}
