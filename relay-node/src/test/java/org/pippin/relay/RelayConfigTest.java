package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheContract() throws Exception {
        RelayConfig c = RelayConfig.of();
        assertEquals("0.0.0.0", c.listenAddress);
        assertEquals(7070, c.listenPort);
        assertEquals(Path.of("./pippin-data"), c.dataDir);
        assertEquals(25, c.keepaliveSeconds);
        assertEquals(75, c.phoneTimeoutSeconds, "3 x keepalive");
        assertEquals(60, c.ringTimeoutSeconds);
        assertEquals(30, c.mediaTimeoutSeconds);
        assertEquals(1000, c.maxPhones);
        assertEquals(500, c.maxCalls);
        assertEquals("info", c.logLevel);
        assertEquals(0, c.udpSocketsSetting);
        assertEquals(Runtime.getRuntime().availableProcessors(), c.udpSockets(), "one UDP socket per core");
        assertTrue(c.warnings.isEmpty(), c.warnings.toString());
    }

    @Test
    void udpSocketsAreBounded() throws Exception {
        assertEquals(3, RelayConfig.of("transport.udp.sockets=3").udpSockets());
        RelayConfig many = RelayConfig.of("transport.udp.sockets=1000");
        assertEquals(64, many.udpSockets());
        assertEquals(List.of("transport.udp.sockets=1000 is outside 0..64; using 64"), many.warnings);
    }

    /** Found by RelayConfigFuzzTest: a bad escape made Main fail with a stack trace instead of one line. */
    @Test
    void malformedUnicodeEscapeInTheFileIsAConfigError() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "relay.port=70\\u12\n");
        RelayConfig.ConfigException e = assertThrows(RelayConfig.ConfigException.class,
                () -> RelayConfig.load(file, List.of()));
        assertEquals("cannot read config file " + file + ": Malformed \\uxxxx encoding.", e.getMessage());
    }

    @Test
    void everyKeyIsInTheDocumentedFile() {
        Properties p = RelayConfig.defaults();
        assertEquals(RelayConfig.ALL_KEYS, p.stringPropertyNames());
    }

    @Test
    void unsafeValuesAreClampedWithAWarningNamingTheKey() throws Exception {
        RelayConfig c = RelayConfig.of("keepalive.seconds=1", "ring.timeout.seconds=100000", "limits.calls=20000",
                "phone.timeout.seconds=3");
        assertEquals(5, c.keepaliveSeconds);
        assertEquals(600, c.ringTimeoutSeconds);
        assertEquals(VoiceChannels.MAX_CALLS, c.maxCalls);
        assertEquals(10, c.phoneTimeoutSeconds, "at least two keepalive intervals");
        assertEquals(List.of("keepalive.seconds=1 is outside 5..600; using 5",
                "phone.timeout.seconds=3 is outside 10..3600; using 10",
                "ring.timeout.seconds=100000 is outside 5..600; using 600",
                "limits.calls=20000 is outside 1..16383; using 16383"), c.warnings);
    }

    @Test
    void countryDialPlanAndFallbackPortDefaults() throws Exception {
        RelayConfig c = RelayConfig.of();
        assertEquals(List.of(443), c.tcpExtraPorts);
        assertEquals(List.of("KW"), c.geo.countries);
        assertTrue(c.geo.allowLoopback && c.geo.allowPrivate, "a lone relay serves its machine and LAN");
        assertEquals("965", c.dialPlan.countryCode);
        assertEquals(List.of(8), c.dialPlan.nationalLengths);
        assertEquals(List.of(0, 8443), RelayConfig.of("listen.tcp.extra.ports=0, 8443").tcpExtraPorts);
        assertEquals(List.of(), RelayConfig.of("listen.tcp.extra.ports=").tcpExtraPorts);
    }

    @Test
    void countryDialPlanAndFallbackPortErrorsNameTheKey() {
        assertEquals("listen.tcp.extra.ports: 7070 is not a port 0..65535 distinct from listen.port and the others",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("listen.tcp.extra.ports=7070"))
                        .getMessage());
        assertEquals("listen.tcp.extra.ports: 'https' is not a port number",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("listen.tcp.extra.ports=https"))
                        .getMessage());
        assertEquals("network.countries: 'Kuwait' is not a two-letter country code",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("network.countries=Kuwait"))
                        .getMessage());
        assertEquals("dialplan.country.code must be 1 to 3 digits (ITU E.164), got 'KW'",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("dialplan.country.code=KW"))
                        .getMessage());
        assertEquals("unknown config key 'geo.allow.lan'",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("geo.allow.lan=true"))
                        .getMessage());
    }

    @Test
    void phoneTimeoutFollowsKeepalive() throws Exception {
        assertEquals(30, RelayConfig.of("keepalive.seconds=10").phoneTimeoutSeconds);
        assertEquals(200, RelayConfig.of("keepalive.seconds=10", "phone.timeout.seconds=200").phoneTimeoutSeconds);
    }

    @Test
    void fileThenOverridesInOrder() throws Exception {
        Path f = dir.resolve("relay.conf");
        Files.writeString(f, "# mine\nlisten.port=7171\nlimits.phones=50\n");
        RelayConfig c = RelayConfig.load(f, List.of("limits.phones=60", "data.dir=/var/lib/pippin"));
        assertEquals(7171, c.listenPort);
        assertEquals(60, c.maxPhones);
        assertEquals(Path.of("/var/lib/pippin"), c.dataDir);
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("unknown config key 'listen.prot'",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("listen.prot=1")).getMessage());
        assertEquals("listen.port must be a whole number, got 'seven'",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("listen.port=seven"))
                        .getMessage());
        assertEquals("listen.port must be 0..65535, got 70000",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("listen.port=70000"))
                        .getMessage());
        assertEquals("transport.epoll must be true or false, got 'yes'",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("transport.epoll=yes"))
                        .getMessage());
        assertEquals("--set needs key=value, got 'listen.port'",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("listen.port")).getMessage());
        assertTrue(assertThrows(RelayConfig.ConfigException.class,
                () -> RelayConfig.load(dir.resolve("missing.conf"), List.of())).getMessage()
                .startsWith("cannot read config file"));
    }
}
