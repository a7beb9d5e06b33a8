package io.castellan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.testkit.CanaryScanner.Hit;
import io.castellan.testkit.CanaryScanner.Report;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryScannerTest {

    private static final String SECRET = "cnry-Secret-7f3K9q";
    private final Random random = new Random(42);

    private CanaryScanner scanner() {
        return new CanaryScanner().add("secret", SECRET);
    }

    private byte[] noise(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void findsARawCanaryInBinaryNoiseAndReportsItsOffsetAndLine() {
        byte[] data = concat("line one\nline two\n".getBytes(StandardCharsets.UTF_8),
                SECRET.getBytes(StandardCharsets.UTF_8), noise(100));
        Report report = scanner().scan("mem", data);
        assertThat(report.hits()).singleElement().satisfies(h -> {
            assertThat(h.canary()).isEqualTo("secret");
            assertThat(h.encoding()).isEqualTo("raw");
            assertThat(h.source()).isEqualTo("mem");
            assertThat(h.offset()).isEqualTo(18);
            assertThat(h.line()).isEqualTo(3);
        });
        assertThat(report.isClean()).isFalse();
        assertThat(report.describe()).contains("secret", "raw", "mem", "byte 18");
    }

    @Test
    void findsUtf16AndHexInBothCases() {
        String hex = HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(encodingsFoundIn(concat(noise(7), SECRET.getBytes(StandardCharsets.UTF_16LE), noise(7))))
                .containsExactly("utf-16le");
        assertThat(encodingsFoundIn(concat(noise(8), SECRET.getBytes(StandardCharsets.UTF_16BE), noise(8))))
                .containsExactly("utf-16be");
        assertThat(encodingsFoundIn(("\\x00ff" + hex + "ab").getBytes(StandardCharsets.US_ASCII)))
                .containsExactly("hex");
        assertThat(encodingsFoundIn(("0x" + hex.toUpperCase() + "FF").getBytes(StandardCharsets.US_ASCII)))
                .containsExactly("HEX");
    }

    @Test
    void findsBase64AtEveryAlignmentInsideLongerBase64Text() {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        for (int before = 0; before < 6; before++) {
            byte[] blob = concat(noise(before), secret, noise(5));
            String std = Base64.getEncoder().encodeToString(blob);
            String url = Base64.getUrlEncoder().withoutPadding().encodeToString(blob);
            String expectedShift = "+" + (before % 3);
            assertThat(encodingsFoundIn(("{\"data\":\"" + std + "\"}").getBytes(StandardCharsets.US_ASCII)))
                    .as("standard base64 after %d bytes", before)
                    .anySatisfy(e -> assertThat(e).contains("base64" + expectedShift));
            assertThat(encodingsFoundIn(("uid=" + url + "&x").getBytes(StandardCharsets.US_ASCII)))
                    .as("web-safe base64 after %d bytes", before)
                    .anySatisfy(e -> assertThat(e).contains("base64url" + expectedShift));
        }
    }

    @Test
    void distinguishesStandardFromWebSafeBase64WhenTheyDiffer() {
        // 0xfb 0xff ... encodes to '+' and '/' characters in standard base64, '-' and '_' in the web-safe form.
        byte[] canary = HexFormat.of().parseHex("fbfffefbfffefbfffefbfffefbfffe");
        CanaryScanner s = new CanaryScanner().add("bin", canary);
        String std = Base64.getEncoder().encodeToString(canary);
        String url = Base64.getUrlEncoder().encodeToString(canary);
        assertThat(std).contains("+", "/");
        assertThat(s.scan("std", std).hits()).extracting(Hit::encoding).containsExactly("base64+0");
        assertThat(s.scan("url", url).hits()).extracting(Hit::encoding).containsExactly("base64url+0");
    }

    @Test
    void binaryCanariesAreSearchedRawHexAndBase64ButNotAsUtf16() {
        byte[] seed = noise(20);
        CanaryScanner s = new CanaryScanner().add("seed", seed);
        assertThat(s.scan("raw", concat(noise(3), seed)).hits()).extracting(Hit::encoding).containsExactly("raw");
        assertThat(s.scan("hex", HexFormat.of().formatHex(seed)).hits()).extracting(Hit::encoding)
                .containsExactly("hex");
        assertThat(s.scan("b64", Base64.getEncoder().encodeToString(concat(noise(2), seed))).hits())
                .extracting(Hit::encoding).singleElement().asString().contains("base64+2");
        assertThat(s.patternsOf("seed")).noneMatch(p -> p.startsWith("utf-16"));
    }

    @Test
    void reportsNothingForDataWithoutTheCanaryOrWithANearMiss() {
        CanaryScanner s = scanner().add("other", "cnry-Other-Zz81mn-long");
        byte[] big = noise(2_000_000);
        assertThat(s.scan("noise", big).hits()).isEmpty();
        String nearMiss = SECRET.substring(0, SECRET.length() - 1) + "X";
        byte[] nearMissBytes = nearMiss.getBytes(StandardCharsets.UTF_8);
        String text = nearMiss + " " + HexFormat.of().formatHex(nearMissBytes) + " "
                + Base64.getEncoder().encodeToString(nearMissBytes) + " "
                + new String(nearMiss.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1)
                + " " + SECRET.substring(1) + " " + SECRET.toUpperCase();
        Report report = s.scan("near", text);
        assertThat(report.hits()).as(report.describe()).isEmpty();
        assertThat(report.isClean()).isTrue();
        assertThat(report.describe()).contains("no canary found", "1 sources");
    }

    @Test
    void findsEveryOccurrenceOfEveryCanary() {
        CanaryScanner s = scanner().add("other", "cnry-Other-Zz81mn-long");
        String text = "a " + SECRET + " b cnry-Other-Zz81mn-long c " + SECRET;
        Report report = s.scan("t", text);
        assertThat(report.hits()).extracting(Hit::canary).containsExactly("secret", "other", "secret");
        assertThat(report.canariesFound()).containsExactly("other", "secret");
    }

    @Test
    void scansEveryFileOfATreeWhateverItsNameAndReportsThePath(@TempDir Path dir) throws Exception {
        Path nested = Files.createDirectories(dir.resolve("a/.hidden/b"));
        Files.write(dir.resolve("castellan.db"), noise(5000));
        Files.write(dir.resolve("castellan.db-wal"), concat(noise(1000), SECRET.getBytes(StandardCharsets.UTF_8)));
        Files.write(dir.resolve("castellan.db-shm"), noise(3000));
        Files.write(nested.resolve("x.log"), ("ok\n" + Base64.getEncoder().encodeToString(
                SECRET.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("empty"), new byte[0]);

        Report report = scanner().scanTree(dir);
        assertThat(report.sources()).hasSize(5).containsKey(dir.resolve("castellan.db-shm").toString())
                .containsEntry(dir.resolve("castellan.db").toString(), 5000L);
        assertThat(report.bytesScanned()).isGreaterThan(9000);
        assertThat(report.hits()).extracting(Hit::source).containsExactly(
                nested.resolve("x.log").toString(), dir.resolve("castellan.db-wal").toString());
        assertThat(report.hits().get(0).line()).isEqualTo(2);
        assertThat(report.hits().get(1).offset()).isEqualTo(1000);
    }

    @Test
    void refusesShortOrDuplicateCanariesAndAScanOfNothing(@TempDir Path dir) {
        assertThatThrownBy(() -> new CanaryScanner().add("pin", "1234")).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> scanner().add("secret", "another-long-value")).hasMessageContaining("already");
        assertThatThrownBy(() -> scanner().scanTree(dir.resolve("missing"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new CanaryScanner().scan("x", "text")).hasMessageContaining("no canary");
    }

    @Test
    void stableBase64TakesOnlyWholeGroupsInsideTheCanary() {
        byte[] c = "abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
        assertThat(CanaryScanner.stableBase64(c, 0, Base64.getEncoder())).isEqualTo("YWJjZGVmZ2hpamts");
        // after one byte: groups [x a b][c d e][f g h][i j k][l ..] -> the middle three are stable
        String one = CanaryScanner.stableBase64(c, 1, Base64.getEncoder());
        assertThat(one).hasSize(12);
        assertThat(Base64.getEncoder().encodeToString(concat(new byte[] {9}, c))).contains(one);
        assertThat(Base64.getEncoder().encodeToString(concat(new byte[] {1, 2, 3, 4}, c, new byte[] {5})))
                .contains(one);
    }

    private List<String> encodingsFoundIn(byte[] data) {
        return scanner().scan("data", data).hits().stream().map(Hit::encoding).toList();
    }
}
