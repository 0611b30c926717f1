package org.pippin.relay.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Strict host names and {@code host[:port]} values. What passes here ends up verbatim in a JAD served to phones, so
 * only DNS names, IPv4 addresses and bracketed IPv6 literals pass: no spaces, colons out of place, CR/LF or
 * anything a phone's JAD parser or browser could read as a new attribute or another URL.
 */
final class Hosts {

    /** A DNS name (labels of letters, digits and inner hyphens) or a dotted IPv4 address; at most 253 characters. */
    private static final Pattern NAME = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private Hosts() {
    }

    /** True for a DNS name, an IPv4 address or a bracketed IPv6 literal. */
    static boolean isHost(String host) {
        return host.length() <= 253 && (NAME.matcher(host).matches() || IPV6.matcher(host).matches());
    }

    /**
     * {@code host} or {@code host:port} (a port 1..65535) in lower case, or null if {@code value} is anything else
     * (null, empty, userinfo, a path, spaces, control characters, a port out of range).
     */
    static String hostAndPort(String value) {
        if (value == null || value.isEmpty() || value.length() > 259) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        String host = value;
        String port = null;
        if (colon >= 0 && colon > value.lastIndexOf(']')) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        if (!isHost(host)) {
            return null;
        }
        if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535)) {
            return null;
        }
        return (port == null ? host : host + ":" + Integer.parseInt(port)).toLowerCase(Locale.ROOT);
    }

    /** The host part of a value {@link #hostAndPort} accepted. */
    static String hostOf(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return colon >= 0 && colon > hostAndPort.lastIndexOf(']') ? hostAndPort.substring(0, colon) : hostAndPort;
    }
}
