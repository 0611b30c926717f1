package org.pippin.sip;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code sip.*} keys (documented in the relay's pippin-relay.conf): the relay's SIP side. Off by default, so a
 * lone relay starts with nothing configured. Validated once, unsafe values clamped with a warning naming the key,
 * then sealed.
 */
public final class SipConfig {

    public static final Set<String> KEYS = Set.of("sip.enabled", "sip.listen.address", "sip.port", "sip.realm",
            "sip.rtp.ports", "sip.register.min.seconds", "sip.register.max.seconds", "sip.nonce.seconds", "sip.trunk",
            "sip.dids");

    public final boolean enabled;
    /** The address SIP and RTP listen on and put into Via, Contact and SDP. */
    public final String listenAddress;
    /** UDP port for SIP; 0 = any free port (tests). */
    public final int port;
    /** The digest realm; a SIP password's stored hash is bound to it, so changing it means setting passwords again. */
    public final String realm;
    /** RTP ports, one per call (even numbers only, RTCP is not sent); 0..0 = any free port. */
    public final int rtpPortMin;
    public final int rtpPortMax;
    public final int registerMinSeconds;
    public final int registerMaxSeconds;
    /** How long a digest nonce stays fresh; an older one is answered with {@code stale=true}. */
    public final int nonceSeconds;
    /**
     * The SIP trunk (e.g. a gateway with a GSM dongle) as IP:port, or null: calls to external numbers the dial plan
     * allows go there, and INVITEs from exactly this address are taken without digest (trunks do not register).
     */
    public final InetSocketAddress trunk;
    /** Numbers the trunk delivers (DIDs) and the Pippin number each rings. */
    public final Map<String, String> dids;

    private SipConfig(Properties p, List<String> warn) {
        enabled = bool(p, "sip.enabled");
        listenAddress = p.getProperty("sip.listen.address", "").trim();
        if (listenAddress.isEmpty() || listenAddress.equals("0.0.0.0") || listenAddress.equals("::")) {
            // SIP puts this address into Via, Contact and SDP: it must be one that phones can send to.
            throw new IllegalArgumentException("sip.listen.address must be one address phones reach, got '"
                    + listenAddress + "'");
        }
        port = integer(p, "sip.port");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sip.port must be 0..65535, got " + port);
        }
        realm = p.getProperty("sip.realm", "").trim();
        if (realm.isEmpty() || !realm.matches("[A-Za-z0-9.-]{1,64}")) {
            throw new IllegalArgumentException("sip.realm must be 1..64 letters, digits, '.' or '-', got '" + realm
                    + "'");
        }
        String ports = p.getProperty("sip.rtp.ports", "").trim();
        String[] range = ports.split("-");
        if (range.length != 2) {
            throw new IllegalArgumentException("sip.rtp.ports must be MIN-MAX, got '" + ports + "'");
        }
        rtpPortMin = parse("sip.rtp.ports", range[0].trim());
        rtpPortMax = parse("sip.rtp.ports", range[1].trim());
        if (rtpPortMin < 0 || rtpPortMax > 65535 || rtpPortMin > rtpPortMax || (rtpPortMin == 0) != (rtpPortMax == 0)) {
            throw new IllegalArgumentException("sip.rtp.ports must be MIN-MAX within 1..65535, or 0-0, got '" + ports
                    + "'");
        }
        registerMinSeconds = clamp(warn, "sip.register.min.seconds", integer(p, "sip.register.min.seconds"), 30,
                3600);
        registerMaxSeconds = clamp(warn, "sip.register.max.seconds", integer(p, "sip.register.max.seconds"),
                registerMinSeconds, 86_400);
        nonceSeconds = clamp(warn, "sip.nonce.seconds", integer(p, "sip.nonce.seconds"), 10, 3600);
        trunk = trunk(p.getProperty("sip.trunk", "").trim());
        Map<String, String> d = new LinkedHashMap<>();
        for (String pair : p.getProperty("sip.dids", "").split(",")) {
            String t = pair.trim();
            if (t.isEmpty()) {
                continue;
            }
            String[] kv = t.split("=");
            if (kv.length != 2 || !isNumber(kv[0].trim()) || !isNumber(kv[1].trim()) || kv[1].trim().startsWith("+")) {
                throw new IllegalArgumentException("sip.dids: '" + t + "' is not DID=PIPPIN_NUMBER");
            }
            d.put(kv[0].trim(), kv[1].trim());
        }
        dids = Collections.unmodifiableMap(d);
    }

    private static InetSocketAddress trunk(String v) {
        if (v.isEmpty()) {
            return null;
        }
        int colon = v.lastIndexOf(':');
        String host = colon > 0 ? v.substring(0, colon) : "";
        // An IP literal only: the trunk is recognised by its source address, which a DNS answer must not move.
        if (colon <= 0 || !host.matches("[0-9.]+|\\[[0-9A-Fa-f:]+\\]")) {
            throw new IllegalArgumentException("sip.trunk must be IP:PORT, got '" + v + "'");
        }
        int port = parse("sip.trunk", v.substring(colon + 1));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("sip.trunk port must be 1..65535, got " + port);
        }
        return new InetSocketAddress(host.replace("[", "").replace("]", ""), port);
    }

    private static boolean isNumber(String n) {
        return !n.isEmpty() && n.matches("\\+?[0-9]{1,19}");
    }

    /**
     * Reads the keys from {@code p}; clamped values add a line to {@code warn}.
     *
     * @throws IllegalArgumentException naming the key of a value that cannot be used
     */
    public static SipConfig from(Properties p, List<String> warn) {
        return new SipConfig(p, warn);
    }

    private static boolean bool(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }

    private static int integer(Properties p, String key) {
        return parse(key, p.getProperty(key, "").trim());
    }

    private static int parse(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static int clamp(List<String> warn, String key, int value, int min, int max) {
        int clamped = Math.max(min, Math.min(max, value));
        if (clamped != value) {
            warn.add(key + "=" + value + " is outside " + min + ".." + max + "; using " + clamped);
        }
        return clamped;
    }

    @Override
    public String toString() {
        return enabled ? "sip on " + listenAddress + ":" + port + " realm " + realm + " rtp " + rtpPortMin + "-"
                + rtpPortMax + (trunk == null ? "" : " trunk " + trunk.getAddress().getHostAddress() + ":"
                + trunk.getPort() + " dids " + dids) : "sip off";
    }
}
