package io.castellan.server.pam;

import io.castellan.server.ServerConfig;

/** The PAM commands on the embedded SQLite store. */
class SqlitePamApiTest extends AbstractPamApiTest {

    @Override
    ServerConfig.Builder database(ServerConfig.Builder builder) {
        return builder;
    }
}
