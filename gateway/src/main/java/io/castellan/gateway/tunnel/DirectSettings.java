package io.castellan.gateway.tunnel;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.tunnel.DirectOffer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the gateway takes direct tunnel connections ({@code --tunnel-listen HOST:PORT}) and the addresses it tells
 * CLIs to use ({@code --tunnel-advertise HOST[,HOST…]}, {@code --tunnel-advertise-port PORT} when a port forward or a
 * container's port mapping puts the gateway behind another port). Off unless listen is given: the gateway then makes
 * no inbound connection possible and every tunnel goes through the relay.
 *
 * @param listenHost    the address to bind (an IP literal or a name)
 * @param port          the port to bind (0: any free port)
 * @param advertise     the hosts CLIs try, in order
 * @param advertisePort the port CLIs connect to at those hosts (0: the bound port)
 */
public record DirectSettings(String listenHost, int port, List<String> advertise, int advertisePort) {

    private static final Pattern LISTEN = Pattern.compile("(?:\\[([0-9A-Fa-f:.%]+)]|([^:\\[\\]]+)):([0-9]{1,5})");

    public DirectSettings {
        advertise = List.copyOf(advertise);
    }

    /**
     * @param listen    {@code HOST:PORT} ({@code [IPv6]:PORT}); null when off
     * @param advertise comma-separated hosts; null or blank: the listen host, which must then not be a wildcard
     * @return the settings, or null when {@code listen} is null
     * @throws CastellanException (bad request) naming the option and what is wrong with it
     */
    public static DirectSettings parse(String listen, String advertise) {
        return parse(listen, advertise, null);
    }

    /**
     * @param listen        {@code HOST:PORT} ({@code [IPv6]:PORT}); null when off
     * @param advertise     comma-separated hosts; null or blank: the listen host, which must then not be a wildcard
     * @param advertisePort the port CLIs connect to (1 to 65535); null: the bound port
     * @return the settings, or null when {@code listen} is null
     * @throws CastellanException (bad request) naming the option and what is wrong with it
     */
    public static DirectSettings parse(String listen, String advertise, Integer advertisePort) {
        if (listen == null) {
            if (advertise != null) {
                throw bad("--tunnel-advertise needs --tunnel-listen");
            }
            if (advertisePort != null) {
                throw bad("--tunnel-advertise-port needs --tunnel-listen");
            }
            return null;
        }
        if (advertisePort != null && (advertisePort < 1 || advertisePort > 65_535)) {
            throw bad("--tunnel-advertise-port " + advertisePort + " is out of range (1 to 65535)");
        }
        Matcher m = LISTEN.matcher(listen.strip());
        if (!m.matches()) {
            throw bad("--tunnel-listen must be HOST:PORT (or [IPv6]:PORT), not \"" + printable(listen) + "\"");
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        int port = Integer.parseInt(m.group(3));
        if (port > 65_535) {
            throw bad("--tunnel-listen port " + port + " is out of range (0 to 65535)");
        }
        InetAddress bind;
        try {
            bind = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw bad("--tunnel-listen host \"" + printable(host) + "\" is unknown");
        }
        List<String> hosts = new ArrayList<>();
        if (advertise == null || advertise.isBlank()) {
            if (bind.isAnyLocalAddress()) {
                throw bad("--tunnel-listen on a wildcard address needs --tunnel-advertise HOST[,HOST] (the addresses"
                        + " CLIs reach this gateway at)");
            }
            hosts.add(bind.getHostAddress());
        } else {
            for (String h : advertise.split(",", -1)) {
                hosts.add(h.strip());
            }
        }
        try {
            DirectOffer.of(new byte[DirectOffer.TOKEN_LENGTH], 1, hosts); // the offer's own rules
        } catch (RuntimeException e) {
            throw bad("--tunnel-advertise must list 1 to " + DirectOffer.MAX_HOSTS + " host names or IP addresses,"
                    + " comma-separated, not \"" + printable(advertise) + "\"");
        }
        return new DirectSettings(host, port, hosts, advertisePort == null ? 0 : advertisePort);
    }

    private static CastellanException bad(String message) {
        return new CastellanException(ErrorCode.BAD_REQUEST, message);
    }

    private static String printable(String s) {
        return io.castellan.model.tunnel.TunnelProtocol.printable(s);
    }
}
