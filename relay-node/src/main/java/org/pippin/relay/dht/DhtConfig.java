package org.pippin.relay.dht;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * The {@code dht.*} keys: this relay as one of many in a Pippin network, sharing soft state (where phones are, which
 * relays exist) on OpenDHT through a {@code dhtnode}'s REST proxy on loopback. Off by default: a lone relay needs
 * nothing installed.
 */
public final class DhtConfig {

    public static final Set<String> KEYS = Set.of("dht.enabled", "dht.network", "dht.proxy.port", "dht.node.start",
            "dht.node.command", "dht.node.port", "dht.node.bootstrap", "dht.public.address", "dht.presence.seconds",
            "dht.directory.seconds", "dht.directory.shards", "dht.timeout.ms");

    public final boolean enabled;
    /** The Pippin network's id: dhtnode's private network id and part of every key, so networks never mix. */
    public final long network;
    /** Port of the dhtnode REST proxy on 127.0.0.1 (it has no authentication: loopback only). */
    public final int proxyPort;
    /** Start dhtnode as a child process (else one runs already, e.g. as a system service). */
    public final boolean nodeStart;
    public final String nodeCommand;
    /** The child dhtnode's UDP port. */
    public final int nodePort;
    /** host:port of other dhtnodes to join through (the child's -b); may be empty for the first node. */
    public final List<String> bootstrap;
    /** host:port where phones and other relays reach this relay (UDP and TCP), published in the directory. */
    public final String publicAddress;
    public final int presenceSeconds;
    public final int directorySeconds;
    public final int directoryShards;
    public final int timeoutMillis;

    private DhtConfig(Properties p, List<String> warn) throws ConfigException {
        enabled = bool(p, "dht.enabled");
        network = integer(p, "dht.network", 0, 0xFFFF_FFFFL);
        proxyPort = (int) integer(p, "dht.proxy.port", 1, 65535);
        nodeStart = bool(p, "dht.node.start");
        nodeCommand = p.getProperty("dht.node.command", "dhtnode").trim();
        nodePort = (int) integer(p, "dht.node.port", 1, 65535);
        List<String> b = new ArrayList<>();
        for (String part : p.getProperty("dht.node.bootstrap", "").split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                hostPort("dht.node.bootstrap", t);
                b.add(t);
            }
        }
        bootstrap = Collections.unmodifiableList(b);
        publicAddress = p.getProperty("dht.public.address", "").trim();
        if (enabled) {
            if (publicAddress.isEmpty()) {
                throw new ConfigException("dht.public.address must name host:port where other relays and phones "
                        + "reach this relay when dht.enabled=true");
            }
            hostPort("dht.public.address", publicAddress);
            if (nodeStart && nodeCommand.isEmpty()) {
                throw new ConfigException("dht.node.command must not be empty when dht.node.start=true");
            }
        }
        presenceSeconds = clamp(warn, "dht.presence.seconds", integer(p, "dht.presence.seconds", 0, 1 << 30), 10,
                3600);
        directorySeconds = clamp(warn, "dht.directory.seconds", integer(p, "dht.directory.seconds", 0, 1 << 30), 2,
                3600);
        directoryShards = clamp(warn, "dht.directory.shards", integer(p, "dht.directory.shards", 0, 1 << 30), 1,
                64);
        timeoutMillis = clamp(warn, "dht.timeout.ms", integer(p, "dht.timeout.ms", 0, 1 << 30), 100, 60_000);
    }

    public static DhtConfig from(Properties p, List<String> warn) throws ConfigException {
        return new DhtConfig(p, warn);
    }

    /** Host and port of a "host:port" text the keys above already checked. */
    public static String[] split(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }

    private static void hostPort(String key, String v) throws ConfigException {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new ConfigException(key + ": '" + v + "' is not host:port");
        }
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new ConfigException(key + ": port of '" + v + "' must be 1..65535");
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v + "' is not host:port");
        }
        for (int i = 0; i < colon; i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c > 0x7E) {
                throw new ConfigException(key + ": host of '" + v + "' must be printable ASCII");
            }
        }
    }

    private static boolean bool(Properties p, String key) throws ConfigException {
        String v = p.getProperty(key, "").trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key + " must be true or false, got '" + v + "'");
    }

    private static long integer(Properties p, String key, long min, long max) throws ConfigException {
        String v = p.getProperty(key, "").trim();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException(key + " must be " + min + ".." + max + ", got " + n);
        }
        return n;
    }

    private static int clamp(List<String> warn, String key, long value, int min, int max) {
        int clamped = (int) Math.max(min, Math.min(max, value));
        if (clamped != value) {
            warn.add(key + "=" + value + " is outside " + min + ".." + max + "; using " + clamped);
        }
        return clamped;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "dht=off";
        }
        return "dht: network=" + network + " proxy=127.0.0.1:" + proxyPort + (nodeStart ? " node=" + nodeCommand
                + " udp " + nodePort + " bootstrap=" + bootstrap : " node=external") + " public=" + publicAddress
                + " presence=" + presenceSeconds + "s directory=" + directorySeconds + "s/" + directoryShards
                + " shards timeout=" + timeoutMillis + "ms";
    }
}
