package io.castellan.server;

/** The user-API flow on the embedded SQLite store. */
class SqliteUserApiFlowTest extends AbstractUserApiFlowTest {

    @Override
    ServerConfig.Builder database(ServerConfig.Builder builder) {
        return builder;
    }
}
