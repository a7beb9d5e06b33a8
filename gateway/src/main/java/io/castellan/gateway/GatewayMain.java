package io.castellan.gateway;

import picocli.CommandLine;

/** Entry point of {@code ./castellan-gateway}. */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayCommand()).execute(args));
    }
}
