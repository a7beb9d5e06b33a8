package io.castellan.model.gateway;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One frame of the Router protocol. The {@code type} property names the frame; the set of frame types is closed
 * (explicit subtypes, never class names from the wire).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Challenge.class, name = "challenge"),
        @JsonSubTypes.Type(value = Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = Refused.class, name = "refused"),
        @JsonSubTypes.Type(value = Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = Command.class, name = "command"),
        @JsonSubTypes.Type(value = JobUpdate.class, name = "job-update")
})
public sealed interface GatewayFrame permits Challenge, Hello, Welcome, Refused, Ping, Pong, Command, JobUpdate {
}
