package io.castellan.server.audit.alert;

import java.io.IOException;

/** Delivers one alert message; returns only once the channel accepted it. Failure messages carry no secret. */
interface AlertChannel {

    void deliver(AlertMessage message) throws IOException;
}
