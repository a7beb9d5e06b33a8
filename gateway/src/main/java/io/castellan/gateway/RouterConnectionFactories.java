package io.castellan.gateway;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.gateway.router.RouterConnectionFactory;
import java.util.ServiceLoader;

/**
 * The production seam for the Router client: the first {@link RouterConnectionFactory} registered under
 * {@code META-INF/services/io.castellan.gateway.router.RouterConnectionFactory}. (When the WebSocket client lands,
 * wiring it here directly or registering it as a service are both one line.)
 */
final class RouterConnectionFactories {

    private RouterConnectionFactories() {
    }

    static RouterConnectionFactory fromClassPath() {
        return ServiceLoader.load(RouterConnectionFactory.class).findFirst().orElseThrow(() ->
                new CastellanException(ErrorCode.INTERNAL, "this gateway build has no Router client "
                        + "(no io.castellan.gateway.router.RouterConnectionFactory service is registered)"));
    }
}
