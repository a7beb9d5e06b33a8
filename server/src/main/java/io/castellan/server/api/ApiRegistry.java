package io.castellan.server.api;

/**
 * Where feature packages register their user-API commands, each with the access it needs. The envelope refuses a
 * call without a valid session for {@link Access#SESSION} and {@link Access#ADMIN} commands, and a non-administrator
 * for {@link Access#ADMIN} ones, before the command runs.
 */
public interface ApiRegistry {

    enum Access { ANONYMOUS, SESSION, ADMIN }

    void register(String command, Access access, ApiCommand handler);
}
