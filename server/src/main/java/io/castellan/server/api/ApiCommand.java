package io.castellan.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One command of the user API ({@code POST /api/v1/{command}}, see docs/api.md). The envelope (transmission key,
 * replay check, session) has already been handled; the command sees the decrypted request and returns the response
 * object the envelope encrypts. Failures are thrown as {@code CastellanException} with a catalogue code.
 */
@FunctionalInterface
public interface ApiCommand {

    ObjectNode handle(ApiCall call);
}
