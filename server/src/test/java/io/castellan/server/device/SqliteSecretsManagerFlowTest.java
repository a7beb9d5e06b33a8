package io.castellan.server.device;

import io.castellan.server.ServerConfig;

/** The Secrets Manager flow on the embedded SQLite store. */
class SqliteSecretsManagerFlowTest extends AbstractSecretsManagerFlowTest {

    @Override
    ServerConfig.Builder database(ServerConfig.Builder builder) {
        return builder;
    }
}
