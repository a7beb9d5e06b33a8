package io.castellan.model.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayProtocolTest {

    @Test
    void everyFrameTypeRoundTrips() {
        List<GatewayFrame> frames = List.of(
                new Challenge(1, "bm9uY2U", "node-a"),
                new Hello("client", "bm9uY2U", "c2ln", "0.1.0", 1234L, List.of("noop", "rotate")),
                new Welcome("gw-uid", 5000L, "node-a"),
                new Refused("forbidden", "gateway removed", false),
                new Ping(7L, 99L),
                new Pong(7L, 99L),
                new Command("job-1", "rotate", List.of("r1", "r2"), Map.of("dryRun", "true"), 60_000L),
                new JobUpdate("job-1", JobState.SUCCEEDED, "rotated", Map.of("step", "commit")));
        for (GatewayFrame frame : frames) {
            String text = GatewayProtocol.encode(frame);
            assertThat(GatewayProtocol.decode(text)).isEqualTo(frame);
        }
        assertThat(GatewayProtocol.encode(new Ping(1, 2))).isEqualTo("{\"type\":\"ping\",\"seq\":1,\"sentAt\":2}");
    }

    @Test
    void hostileFramesAreRefusedWithAReason() {
        assertThatThrownBy(() -> GatewayProtocol.decode("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> GatewayProtocol.decode("{\"type\":\"java.lang.Runtime\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> GatewayProtocol.decode("{\"type\":\"ping\",\"seq\":1,\"sentAt\":2,\"x\":1}"))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> GatewayProtocol.decode("{\"type\":\"ping\",\"seq\":1,\"seq\":2,\"sentAt\":2}"))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> GatewayProtocol.decode("{\"type\":\"ping\",\"seq\":\"1\",\"sentAt\":2}"))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> GatewayProtocol.decode("x".repeat(GatewayProtocol.MAX_FRAME_BYTES + 1)))
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> GatewayProtocol.decode("null")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signedBytesBindClientAndNonce() {
        assertThat(new String(GatewayProtocol.signedBytes("c", "n"), StandardCharsets.UTF_8))
                .isEqualTo("castellan-gateway-auth-v1|c|n");
        assertThat(GatewayProtocol.signedBytes("c", "n1")).isNotEqualTo(GatewayProtocol.signedBytes("c", "n2"));
    }

    @Test
    void commandTypesHaveHyphenatedWireNames() {
        assertThat(CommandType.GATEWAY_INFO.wireName()).isEqualTo("gateway-info");
        assertThat(CommandType.fromWire("rotate")).isEqualTo(CommandType.ROTATE);
        assertThatThrownBy(() -> CommandType.fromWire("rm -rf\n")).hasMessageContaining("rm -rf?");
        assertThat(JobState.TIMED_OUT.terminal()).isTrue();
        assertThat(JobState.RUNNING.terminal()).isFalse();
    }
}
