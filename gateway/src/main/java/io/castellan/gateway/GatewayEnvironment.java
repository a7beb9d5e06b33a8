package io.castellan.gateway;

import io.castellan.gateway.rotation.RotateHandler;
import io.castellan.gateway.router.RouterClientFactory;
import io.castellan.rotators.Rotators;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.router.RouterConnectionFactory;
import io.castellan.gateway.runner.JobHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the gateway's commands take from outside, in one place so that tests (and the wiring in {@link GatewayMain})
 * pass the real parts they choose.
 *
 * @param variables the process environment ({@code GATEWAY_CONFIG})
 * @param home the user's home directory (default configuration and log places)
 * @param routers makes the Router connection; asked only when {@code start} runs (so {@code version} and
 *     {@code ott-init} work in a build without a Router client)
 * @param extraHandlers job handlers beyond the built-in {@code noop} and {@code gateway-info} (e.g. {@code rotate}),
 *     made once the gateway's vault access exists
 * @param scrubber the process's secret registry (also cleans error messages printed by the commands)
 * @param stop how {@code start} is told to stop
 * @param clock for the start time and uptime
 */
public record GatewayEnvironment(Map<String, String> variables, Path home, Supplier<RouterConnectionFactory> routers,
                                 Function<HandlerServices, List<JobHandler>> extraHandlers, SecretScrubber scrubber,
                                 StopSignal stop, Clock clock) {

    /** @return the environment of this process: real variables and home, the real Router client, the rotate handler */
    public static GatewayEnvironment forProcess() {
        Map<String, String> env = System.getenv();
        return new GatewayEnvironment(env, Path.of(System.getProperty("user.home")),
                RouterClientFactory::new,
                services -> List.of(new RotateHandler(Rotators.builtIn(), env),
                        new io.castellan.gateway.tunnel.TunnelOpenHandler(services.identity().serverUri(),
                                services.identity().tls().sslContext(), services.identity().clientId(),
                                services.identity().deviceKey(), services.directTunnels())), new SecretScrubber(),
                StopSignal.forProcess(120), Clock.systemUTC());
    }
}
