package org.pippin.relay.ddns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * The {@code ddns.*} keys: keeping the relay's DNS name current on a home connection whose address changes. Off by
 * default; when on, every key the chosen protocol needs is checked at start-up so a relay never runs half-configured.
 */
public final class DdnsConfig {

    public static final String OFF = "off";
    public static final String RFC2136 = "rfc2136";
    public static final String DYNDNS2 = "dyndns2";

    public static final Set<String> KEYS = Set.of(
            "ddns.protocol", "ddns.check.seconds", "ddns.retry.seconds", "ddns.retry.max.seconds",
            "ddns.timeout.seconds", "ddns.address.url", "ddns.address.interface", "ddns.address.fixed", "ddns.name",
            "ddns.ttl", "ddns.server", "ddns.zone", "ddns.tsig.name", "ddns.tsig.algorithm", "ddns.tsig.secret",
            "ddns.tsig.keyfile", "ddns.srv.port", "ddns.srv.priority", "ddns.srv.weight", "ddns.dyndns2.url",
            "ddns.dyndns2.user", "ddns.dyndns2.password");

    /** A BIND key file is a few lines; anything bigger is not one. */
    private static final long MAX_KEYFILE_BYTES = 64 * 1024;
    private static final int DNS_PORT = 53;

    public final String protocol;
    public final int checkSeconds;
    public final int retrySeconds;
    public final int retryMaxSeconds;
    public final int timeoutSeconds;
    /** Where the relay learns its public address: exactly one of these three is set when the feature is on. */
    public final List<URI> addressUrls;
    public final String addressInterface;
    public final List<InetAddress> addressFixed;
    /** The relay's own name, absolute. */
    public final Name name;
    public final int ttl;
    public final String serverHost;
    public final int serverPort;
    public final Name zone;
    public final Name tsigName;
    public final Name tsigAlgorithm;
    /** The TSIG secret, base64 as BIND writes it. */
    public final String tsigSecret;
    /** Port published in the SRV records; 0 = the port the relay bound. */
    public final int srvPort;
    public final int srvPriority;
    public final int srvWeight;
    public final URI dyndns2Url;
    public final String dyndns2User;
    public final String dyndns2Password;

    private DdnsConfig(Properties p, List<String> warn) throws ConfigException {
        protocol = get(p, "ddns.protocol").toLowerCase(Locale.ROOT);
        if (!Set.of(OFF, RFC2136, DYNDNS2).contains(protocol)) {
            throw new ConfigException("ddns.protocol must be off, rfc2136 or dyndns2, got '" + protocol + "'");
        }
        boolean on = enabled();
        checkSeconds = clamp(warn, "ddns.check.seconds", integer(p, "ddns.check.seconds"), 10, 86_400);
        retrySeconds = clamp(warn, "ddns.retry.seconds", integer(p, "ddns.retry.seconds"), 5, 3600);
        retryMaxSeconds = clamp(warn, "ddns.retry.max.seconds", integer(p, "ddns.retry.max.seconds"), retrySeconds,
                86_400);
        timeoutSeconds = clamp(warn, "ddns.timeout.seconds", integer(p, "ddns.timeout.seconds"), 1, 60);
        ttl = clamp(warn, "ddns.ttl", integer(p, "ddns.ttl"), 30, 86_400);
        srvPort = integer(p, "ddns.srv.port");
        if (srvPort < 0 || srvPort > 65535) {
            throw new ConfigException("ddns.srv.port must be 0..65535, got " + srvPort);
        }
        srvPriority = clamp(warn, "ddns.srv.priority", integer(p, "ddns.srv.priority"), 0, 65535);
        srvWeight = clamp(warn, "ddns.srv.weight", integer(p, "ddns.srv.weight"), 0, 65535);

        addressUrls = urls(p, "ddns.address.url");
        addressInterface = get(p, "ddns.address.interface");
        addressFixed = fixed(p);
        int sources = (addressUrls.isEmpty() ? 0 : 1) + (addressInterface.isEmpty() ? 0 : 1)
                + (addressFixed.isEmpty() ? 0 : 1);
        if (on && sources != 1) {
            throw new ConfigException("ddns.protocol=" + protocol + " needs exactly one of ddns.address.url,"
                    + " ddns.address.interface, ddns.address.fixed");
        }
        name = on ? name(p, "ddns.name") : null;

        boolean rfc2136 = RFC2136.equals(protocol);
        String server = get(p, "ddns.server");
        if (rfc2136) {
            int colon = server.lastIndexOf(':');
            boolean hasPort = colon > 0 && server.indexOf(':') == colon; // host:port, not a bare IPv6 address
            serverHost = hasPort ? server.substring(0, colon) : server;
            serverPort = hasPort ? port(server.substring(colon + 1)) : DNS_PORT;
            if (serverHost.isEmpty()) {
                throw new ConfigException("ddns.protocol=rfc2136 needs ddns.server (host or host:port)");
            }
            zone = name(p, "ddns.zone");
            if (!name.subdomain(zone)) {
                throw new ConfigException("ddns.name " + name + " is not inside ddns.zone " + zone);
            }
            String keyFile = get(p, "ddns.tsig.keyfile");
            if (!keyFile.isEmpty()) {
                if (!get(p, "ddns.tsig.secret").isEmpty()) {
                    throw new ConfigException("ddns.tsig.secret and ddns.tsig.keyfile are exclusive: set one");
                }
                BindKeyFile.Key key = keyFile(Path.of(keyFile), get(p, "ddns.tsig.name"));
                tsigName = key.name;
                tsigAlgorithm = algorithm("ddns.tsig.keyfile", key.algorithm);
                tsigSecret = secret("ddns.tsig.keyfile", key.secret);
            } else {
                tsigName = name(p, "ddns.tsig.name");
                tsigAlgorithm = algorithm("ddns.tsig.algorithm", get(p, "ddns.tsig.algorithm"));
                tsigSecret = secret("ddns.tsig.secret", get(p, "ddns.tsig.secret"));
            }
        } else {
            serverHost = null;
            serverPort = 0;
            zone = null;
            tsigName = null;
            tsigAlgorithm = null;
            tsigSecret = null;
        }

        if (DYNDNS2.equals(protocol)) {
            List<URI> u = urls(p, "ddns.dyndns2.url");
            if (u.size() != 1) {
                throw new ConfigException("ddns.protocol=dyndns2 needs one ddns.dyndns2.url");
            }
            dyndns2Url = u.get(0);
            dyndns2User = required(p, "ddns.dyndns2.user");
            dyndns2Password = required(p, "ddns.dyndns2.password");
            if (dyndns2User.indexOf(':') >= 0) {
                throw new ConfigException("ddns.dyndns2.user must not contain ':' (HTTP Basic authentication)");
            }
        } else {
            dyndns2Url = null;
            dyndns2User = null;
            dyndns2Password = null;
        }
    }

    /** Reads the {@code ddns.*} keys of {@code p}; clamped values add a line to {@code warn}. */
    public static DdnsConfig from(Properties p, List<String> warn) throws ConfigException {
        return new DdnsConfig(p, warn);
    }

    public boolean enabled() {
        return !OFF.equals(protocol);
    }

    /** The TSIG key as dnsjava signs with it. */
    TSIG tsig() {
        return new TSIG(tsigAlgorithm, tsigName, tsigSecret);
    }

    private static String get(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? "" : v.trim();
    }

    private static String required(Properties p, String key) throws ConfigException {
        String v = get(p, key);
        if (v.isEmpty()) {
            throw new ConfigException(key + " must not be empty");
        }
        return v;
    }

    private static int integer(Properties p, String key) throws ConfigException {
        String v = required(p, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static int port(String v) throws ConfigException {
        try {
            int port = Integer.parseInt(v);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the key's name
        }
        throw new ConfigException("ddns.server port must be 1..65535, got '" + v + "'");
    }

    private static int clamp(List<String> warn, String key, int value, int min, int max) {
        int clamped = Math.max(min, Math.min(max, value));
        if (clamped != value) {
            warn.add(key + "=" + value + " is outside " + min + ".." + max + "; using " + clamped);
        }
        return clamped;
    }

    private static Name name(Properties p, String key) throws ConfigException {
        String v = required(p, key);
        try {
            return Name.fromString(v.endsWith(".") ? v : v + ".");
        } catch (TextParseException e) {
            throw new ConfigException(key + " is not a DNS name: '" + v + "' (" + e.getMessage() + ")");
        }
    }

    private static List<URI> urls(Properties p, String key) throws ConfigException {
        List<URI> out = new ArrayList<>();
        for (String part : get(p, key).split(",")) {
            String v = part.trim();
            if (v.isEmpty()) {
                continue;
            }
            try {
                URI u = new URI(v);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw new ConfigException(key + " must be http:// or https:// URLs, got '" + v + "'");
                }
                out.add(u);
            } catch (URISyntaxException e) {
                throw new ConfigException(key + " is not a URL: '" + v + "'");
            }
        }
        return List.copyOf(out);
    }

    private static List<InetAddress> fixed(Properties p) throws ConfigException {
        List<InetAddress> out = new ArrayList<>();
        for (String part : get(p, "ddns.address.fixed").split(",")) {
            String v = part.trim();
            if (v.isEmpty()) {
                continue;
            }
            try {
                out.add(AddressText.parse(v));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("ddns.address.fixed: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static Name algorithm(String key, String v) throws ConfigException {
        try {
            return TSIG.algorithmToName(v.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": unknown TSIG algorithm '" + v + "'");
        }
    }

    private static String secret(String key, String v) throws ConfigException {
        if (v.isEmpty()) {
            throw new ConfigException(key + ": the TSIG secret must not be empty");
        }
        try {
            Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": the TSIG secret is not base64");
        }
        return v;
    }

    private static BindKeyFile.Key keyFile(Path file, String wanted) throws ConfigException {
        try {
            if (Files.size(file) > MAX_KEYFILE_BYTES) {
                throw new ConfigException("ddns.tsig.keyfile " + file + " is larger than " + MAX_KEYFILE_BYTES
                        + " bytes");
            }
            List<BindKeyFile.Key> keys = BindKeyFile.parse(Files.readString(file));
            for (BindKeyFile.Key k : keys) {
                if (wanted.isEmpty() ? keys.size() == 1 : k.name.equals(Name.fromString(
                        wanted.endsWith(".") ? wanted : wanted + "."))) {
                    return k;
                }
            }
            throw new ConfigException("ddns.tsig.keyfile " + file + " holds " + keys.size() + " key(s)"
                    + (wanted.isEmpty() ? "; set ddns.tsig.name to choose one" : ", none named " + wanted));
        } catch (IOException e) {
            throw new ConfigException("cannot read ddns.tsig.keyfile " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ddns.tsig.keyfile " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "ddns=off";
        }
        String source = !addressUrls.isEmpty() ? "url " + addressUrls
                : !addressInterface.isEmpty() ? "interface " + addressInterface : "fixed " + addressFixed;
        String to = RFC2136.equals(protocol) ? serverHost + ":" + serverPort + " zone " + zone + " key " + tsigName
                : dyndns2Url.toString();
        return "ddns=" + protocol + " name=" + name + " via " + to + ", address from " + source + " every "
                + checkSeconds + " s";
    }
}
