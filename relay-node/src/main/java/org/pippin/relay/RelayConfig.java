package org.pippin.relay;

import static org.pippin.relay.ConfigValues.bool;
import static org.pippin.relay.ConfigValues.clamp;
import static org.pippin.relay.ConfigValues.integer;
import static org.pippin.relay.ConfigValues.string;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pippin.relay.callerid.CallerIdConfig;
import org.pippin.relay.claims.ClaimLimitConfig;
import org.pippin.relay.ddns.DdnsConfig;
import org.pippin.relay.dht.DhtConfig;
import org.pippin.relay.floods.FloodConfig;
import org.pippin.relay.web.WebConfig;
import org.pippin.relay.dialplan.DialPlan;
import org.pippin.registrar.RegistrarConfig;
import org.pippin.sip.SipConfig;
import org.pippin.relay.geo.GeoConfig;
import org.pippin.relay.linked.LinksConfig;
import org.pippin.relay.voicemail.VoicemailConfig;

/**
 * The relay's configuration: read from the documented defaults ({@value #DEFAULTS_RESOURCE}), an optional file and
 * {@code key=value} overrides; validated once, unsafe values clamped with a warning naming the key, then sealed
 * (every field final). Unknown keys and unparsable values are errors, so a typo never silently runs a default.
 */
public final class RelayConfig {

    public static final String DEFAULTS_RESOURCE = "pippin-relay.conf";

    static final Set<String> KEYS = Stream.of(Set.of(
            "listen.address", "listen.port", "listen.tcp.extra.ports", "transport.epoll", "transport.udp.sockets",
            "data.dir",
            "keepalive.seconds", "phone.timeout.seconds", "ring.timeout.seconds", "media.timeout.seconds",
            "limits.phones", "limits.calls", "limits.numbers", "log.level"), GeoConfig.KEYS, DialPlan.KEYS)
            .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    /** Every key the relay accepts: its own and each feature's. */
    static final Set<String> ALL_KEYS = Stream.of(KEYS, DdnsConfig.KEYS, WebConfig.KEYS, RegistrarConfig.KEYS,
                    CallerIdConfig.KEYS, ClaimLimitConfig.KEYS, SipConfig.KEYS, DhtConfig.KEYS, VoicemailConfig.KEYS,
                    FloodConfig.KEYS, LinksConfig.KEYS)
            .flatMap(Set::stream)
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    public final String listenAddress;
    public final int listenPort;
    /** More TCP ports for phones whose carrier blocks the main one (0 = any free port); may be empty. */
    public final List<Integer> tcpExtraPorts;
    public final boolean epoll;
    /** UDP sockets (each with its own thread) on listen.port with epoll; 0 = one per CPU core. */
    public final int udpSocketsSetting;
    public final Path dataDir;
    public final int keepaliveSeconds;
    public final int phoneTimeoutSeconds;
    public final int ringTimeoutSeconds;
    public final int mediaTimeoutSeconds;
    public final int maxPhones;
    public final int maxCalls;
    public final int maxNumbers;
    public final String logLevel;
    public final DdnsConfig ddns;
    /** The web face: install page, JAD/JAR, status, metrics ({@code http.*}, {@code uplink.*}, {@code network.*}). */
    public final WebConfig web;
    public final GeoConfig geo;
    public final DialPlan dialPlan;
    /** Numbers and identity ({@code registrar.*}): the embedded member or the client of the network's group. */
    public final RegistrarConfig registrar;
    /** Checks of caller ids and key shares in INVITE and ANSWER ({@code callerid.*}). */
    public final CallerIdConfig callerId;
    /** Rate limits on CLAIM per source address and per key ({@code claims.*}). */
    public final ClaimLimitConfig claims;
    /** Rate limits on attaches, INVITEs and answers per source address and per session ({@code floods.*}). */
    public final FloodConfig floods;
    /** The SIP side ({@code sip.*}), off by default. */
    public final SipConfig sip;
    /** Many relays as one network: presence and relay directory on OpenDHT ({@code dht.*}); off by default. */
    public final DhtConfig dht;
    /** Voicemail and voicemail to email ({@code voicemail.*}). */
    public final VoicemailConfig voicemail;
    /** Linked numbers and their verification ({@code links.*}). */
    public final LinksConfig links;
    /** What was clamped, one line per key; logged by the caller once logging is set up. */
    public final List<String> warnings;

    /** Thrown for configuration that cannot be used at all; the message names the key. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    private RelayConfig(Properties p) throws ConfigException {
        List<String> warn = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (!ALL_KEYS.contains(key)) {
                throw new ConfigException("unknown config key '" + key + "'");
            }
        }
        listenAddress = string(p, "listen.address");
        listenPort = integer(p, "listen.port");
        if (listenPort < 0 || listenPort > 65535) {
            throw new ConfigException("listen.port must be 0..65535, got " + listenPort);
        }
        tcpExtraPorts = ports(p, "listen.tcp.extra.ports", listenPort);
        epoll = bool(p, "transport.epoll");
        udpSocketsSetting = clamp(warn, "transport.udp.sockets", integer(p, "transport.udp.sockets"), 0, 64);
        dataDir = Path.of(string(p, "data.dir"));
        keepaliveSeconds = clamp(warn, "keepalive.seconds", integer(p, "keepalive.seconds"), 5, 600);
        String phoneTimeout = p.getProperty("phone.timeout.seconds", "").trim();
        phoneTimeoutSeconds = phoneTimeout.isEmpty()
                ? 3 * keepaliveSeconds
                : clamp(warn, "phone.timeout.seconds", integer(p, "phone.timeout.seconds"), 2 * keepaliveSeconds, 3600);
        ringTimeoutSeconds = clamp(warn, "ring.timeout.seconds", integer(p, "ring.timeout.seconds"), 5, 600);
        mediaTimeoutSeconds = clamp(warn, "media.timeout.seconds", integer(p, "media.timeout.seconds"), 5, 3600);
        maxPhones = clamp(warn, "limits.phones", integer(p, "limits.phones"), 1, 100_000);
        maxCalls = clamp(warn, "limits.calls", integer(p, "limits.calls"), 1, VoiceChannels.MAX_CALLS);
        maxNumbers = clamp(warn, "limits.numbers", integer(p, "limits.numbers"), 1, 10_000_000);
        logLevel = string(p, "log.level").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new ConfigException("log.level must be one of " + LOG_LEVELS + ", got '" + logLevel + "'");
        }
        ddns = DdnsConfig.from(p, warn);
        web = WebConfig.read(p, listenPort, warn);
        try {
            geo = GeoConfig.from(p);
            dialPlan = DialPlan.from(p);
            sip = SipConfig.from(p, warn);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Properties forRegistrar = new Properties();
        forRegistrar.putAll(p);
        if (p.getProperty("registrar.storage.dir", "").trim().isEmpty()) {
            forRegistrar.setProperty("registrar.storage.dir", dataDir.resolve("registrar").toString());
        }
        try {
            registrar = RegistrarConfig.from(forRegistrar, warn);
        } catch (RegistrarConfig.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        callerId = CallerIdConfig.read(p, warn);
        claims = ClaimLimitConfig.read(p, warn);
        floods = FloodConfig.read(p, warn);
        dht = DhtConfig.from(p, warn);
        voicemail = VoicemailConfig.from(p, dataDir, warn);
        links = LinksConfig.from(p, warn);
        warnings = Collections.unmodifiableList(warn);
    }

    /** How many UDP sockets the relay opens with epoll: the setting, or one per CPU core for 0. */
    public int udpSockets() {
        return udpSocketsSetting > 0 ? udpSocketsSetting : Runtime.getRuntime().availableProcessors();
    }

    /** The embedded defaults, then {@code file} (may be null), then each {@code key=value} in order. */
    public static RelayConfig load(Path file, List<String> overrides) throws ConfigException {
        Properties p = defaults();
        if (file != null) {
            Properties fromFile = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(r);
            } catch (IOException | IllegalArgumentException e) {
                // Properties.load throws IllegalArgumentException for a malformed Unicode escape in the file.
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            p.putAll(fromFile);
        }
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set needs key=value, got '" + kv + "'");
            }
            p.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return new RelayConfig(p);
    }

    /** The defaults alone with some overrides: for tests and embedding. */
    public static RelayConfig of(String... overrides) throws ConfigException {
        return load(null, List.of(overrides));
    }

    static Properties defaults() {
        Properties p = new Properties();
        try (InputStream in = RelayConfig.class.getResourceAsStream("/" + DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " missing from the class path");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read embedded " + DEFAULTS_RESOURCE, e);
        }
        return p;
    }

    /** The commented default file, byte for byte, for {@code --print-default-config}. */
    static String defaultFileText() throws IOException {
        try (InputStream in = RelayConfig.class.getResourceAsStream("/" + DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IOException(DEFAULTS_RESOURCE + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }



    private static List<Integer> ports(Properties p, String key, int mainPort) throws ConfigException {
        List<Integer> out = new ArrayList<>();
        for (String part : p.getProperty(key, "").split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + ": '" + t + "' is not a port number");
            }
            if (port < 0 || port > 65535 || (port != 0 && (port == mainPort || out.contains(port)))) {
                throw new ConfigException(key + ": " + port + " is not a port 0..65535 distinct from listen.port "
                        + "and the others");
            }
            out.add(port);
        }
        return Collections.unmodifiableList(out);
    }



    @Override
    public String toString() {
        return "listen=" + listenAddress + ":" + listenPort + " tcp.extra=" + tcpExtraPorts + " epoll=" + epoll
                + " udp.sockets=" + (udpSocketsSetting == 0 ? "per-core" : udpSocketsSetting) + " data.dir=" + dataDir
                + " keepalive=" + keepaliveSeconds + "s phone.timeout=" + phoneTimeoutSeconds + "s ring.timeout="
                + ringTimeoutSeconds + "s media.timeout=" + mediaTimeoutSeconds + "s limits: phones=" + maxPhones
                + " calls=" + maxCalls + " numbers=" + maxNumbers
                + " geo: " + geo + " dialplan: " + dialPlan + " " + ddns + " " + web + " registrar: " + registrar
                + " callerid: " + callerId + " claims: " + claims + " floods: " + floods + " " + sip + " " + dht + " "
                + voicemail + " " + links;
    }
}
