package org.pippin.relay.ddns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Strict address literals: never a host name, so parsing can never start a DNS lookup. */
final class AddressText {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hex digits and colons, with an optional embedded IPv4 tail; InetAddress checks the structure. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}(\\.[0-9.]{1,15})?");

    private AddressText() {
    }

    /** An IPv4 dotted quad or an IPv6 literal (no zone id, no brackets), else IllegalArgumentException. */
    static InetAddress parse(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                return InetAddress.getByName(text);
            }
            if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
                InetAddress a = InetAddress.getByName(text);
                if (a instanceof Inet6Address || a instanceof Inet4Address) {
                    return a;
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + printable(text) + "'", e);
        }
        throw new IllegalArgumentException("not an IP address: '" + printable(text) + "'");
    }

    /** Text from outside, cut and with control characters replaced, safe for one log line. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 64; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > 64 ? b + "..." : b.toString();
    }
}
