package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.relay.web.WebConfig;

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
        assertTrue(c.warnings.isEmpty(), c.warnings.toString());
    }

    @Test
    void everyKeyIsInTheDocumentedFile() {
        Properties p = RelayConfig.defaults();
        Set<String> keys = new HashSet<>(RelayConfig.KEYS);
        keys.addAll(WebConfig.KEYS);
        assertEquals(keys, p.stringPropertyNames());
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
