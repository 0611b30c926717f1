package org.pippin.relay.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * The web face's configuration: {@code http.*} (the HTTP server, the URL its JAD points at, extra JAD attributes),
 * {@code uplink.kbps} (the voice budget the status page measures against) and {@code network.seeds} (other relays
 * named to phones). Validated and sealed like the rest of the relay's configuration.
 */
public final class WebConfig {

    public static final Set<String> KEYS = Set.of("http.enabled", "http.port", "http.public.url",
            "http.jad.attributes", "uplink.kbps", "network.seeds");

    /** Attribute names an operator may add to the JAD; the relay computes Pippin-Relay and Pippin-Relays itself. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("Pippin-[A-Za-z0-9-]{1,40}");
    /** Printable ASCII only: a JAD line must not be split or extended by a value. */
    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[\\x20-\\x3a\\x3c-\\x7e]{1,200}");
    private static final int MAX_SEEDS = 16;

    public final boolean enabled;
    /** 0 = any free port. */
    public final int port;
    /** Base URL ending in '/', or null: then the JAD points at the Host the phone asked for. */
    public final String publicUrl;
    /** The host of {@link #publicUrl}, or null. */
    public final String publicHost;
    /** Extra JAD attributes in order, e.g. {@code Pippin-Transport: tcp} where carriers block UDP. */
    public final Map<String, String> jadAttributes;
    public final int uplinkKbps;
    /** Other relays as {@code host:port}, in the order configured. */
    public final List<String> seeds;

    private WebConfig(Properties p, int listenPort, List<String> warn) throws ConfigException {
        enabled = bool(p, "http.enabled");
        port = integer(p, "http.port");
        if (port < 0 || port > 65535) {
            throw new ConfigException("http.port must be 0..65535, got " + port);
        }
        if (enabled && port != 0 && port == listenPort) {
            throw new ConfigException("http.port must differ from listen.port (both " + port + ", TCP)");
        }
        publicUrl = publicUrl(p.getProperty("http.public.url", "").trim());
        publicHost = publicUrl == null ? null : Hosts.hostOf(URI.create(publicUrl).getRawAuthority());
        jadAttributes = Collections.unmodifiableMap(attributes(p.getProperty("http.jad.attributes", "").trim()));
        int kbps = integer(p, "uplink.kbps");
        int clamped = Math.max(8, Math.min(10_000_000, kbps));
        if (clamped != kbps) {
            warn.add("uplink.kbps=" + kbps + " is outside 8..10000000; using " + clamped);
        }
        uplinkKbps = clamped;
        seeds = Collections.unmodifiableList(seeds(p.getProperty("network.seeds", "").trim()));
    }

    /** Reads the web face's keys from the relay's merged properties; clamp warnings go to {@code warn}. */
    public static WebConfig read(Properties p, int listenPort, List<String> warn) throws ConfigException {
        return new WebConfig(p, listenPort, warn);
    }

    private static String publicUrl(String v) throws ConfigException {
        if (v.isEmpty()) {
            return null;
        }
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigException("http.public.url is not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new ConfigException("http.public.url must start with http:// or https://, got '" + v + "'");
        }
        String hostPort = u.getRawAuthority() == null ? null : Hosts.hostAndPort(u.getRawAuthority());
        if (hostPort == null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new ConfigException("http.public.url must be scheme://host[:port][/path], got '" + v + "'");
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.matches("[A-Za-z0-9._~/-]*")) {
            throw new ConfigException("http.public.url path may hold only letters, digits and ._~/-, got '" + v + "'");
        }
        return scheme + "://" + hostPort + (path.endsWith("/") ? path : path + "/");
    }

    private static Map<String, String> attributes(String v) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isEmpty()) {
            return out;
        }
        for (String item : v.split(";")) {
            int colon = item.indexOf(':');
            String name = colon < 0 ? item.trim() : item.substring(0, colon).trim();
            String value = colon < 0 ? "" : item.substring(colon + 1).trim();
            if (!ATTRIBUTE_NAME.matcher(name).matches() || name.equals("Pippin-Relay")
                    || name.equals("Pippin-Relays")) {
                throw new ConfigException("http.jad.attributes: '" + name + "' is not an attribute the relay may set"
                        + " (Pippin-*, but not Pippin-Relay or Pippin-Relays)");
            }
            if (!ATTRIBUTE_VALUE.matcher(value).matches()) {
                throw new ConfigException("http.jad.attributes: " + name + " needs a value of printable ASCII");
            }
            out.put(name, value);
        }
        return out;
    }

    private static List<String> seeds(String v) throws ConfigException {
        List<String> out = new ArrayList<>();
        if (v.isEmpty()) {
            return out;
        }
        for (String item : v.split(",")) {
            String seed = Hosts.hostAndPort(item.trim());
            if (seed == null || seed.equals(Hosts.hostOf(seed))) {
                throw new ConfigException("network.seeds: '" + item.trim() + "' is not host:port");
            }
            if (!out.contains(seed)) {
                out.add(seed);
            }
        }
        if (out.size() > MAX_SEEDS) {
            throw new ConfigException("network.seeds: at most " + MAX_SEEDS + " relays, got " + out.size());
        }
        return out;
    }

    private static String string(Properties p, String key) throws ConfigException {
        String v = p.getProperty(key);
        if (v == null || v.trim().isEmpty()) {
            throw new ConfigException(key + " must not be empty");
        }
        return v.trim();
    }

    private static int integer(Properties p, String key) throws ConfigException {
        String v = string(p, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static boolean bool(Properties p, String key) throws ConfigException {
        String v = string(p, key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(key + " must be true or false, got '" + v + "'");
    }

    @Override
    public String toString() {
        return "http=" + (enabled ? port + (publicUrl != null ? " (" + publicUrl + ")" : "") : "off")
                + " uplink=" + uplinkKbps + "kbit/s seeds=" + seeds;
    }
}
