package org.pippin.relay.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;
import org.pippin.relay.RelayConfig.ConfigException;

/** The dht.* keys: off by default, what "on" requires, clamping with the key named, and the child's command line. */
class DhtConfigTest {

    @Test
    void offByDefault() throws Exception {
        DhtConfig c = RelayConfig.of().dht;
        assertFalse(c.enabled);
        assertEquals("dht=off", c.toString());
    }

    @Test
    void onNeedsAPublicAddress() {
        ConfigException e = assertThrows(ConfigException.class, () -> RelayConfig.of("dht.enabled=true"));
        assertTrue(e.getMessage().startsWith("dht.public.address must name host:port"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> RelayConfig.of("dht.enabled=true", "dht.public.address=relay.example.org"));
        assertEquals("dht.public.address: 'relay.example.org' is not host:port", e.getMessage());
    }

    @Test
    void unsafeValuesAreClampedWithTheKeyNamed() throws Exception {
        RelayConfig c = RelayConfig.of("dht.enabled=true", "dht.public.address=10.0.0.7:7070",
                "dht.presence.seconds=1", "dht.directory.shards=1000");
        assertEquals(10, c.dht.presenceSeconds);
        assertEquals(64, c.dht.directoryShards);
        assertTrue(c.warnings.contains("dht.presence.seconds=1 is outside 10..3600; using 10"), c.warnings.toString());
        assertTrue(c.warnings.contains("dht.directory.shards=1000 is outside 1..64; using 64"),
                c.warnings.toString());
    }

    @Test
    void badValuesAndUnknownKeysFail() {
        assertEquals("dht.network must be 0..4294967295, got -1", assertThrows(ConfigException.class,
                () -> RelayConfig.of("dht.network=-1")).getMessage());
        assertEquals("dht.node.bootstrap: 'x' is not host:port", assertThrows(ConfigException.class,
                () -> RelayConfig.of("dht.node.bootstrap=x")).getMessage());
        assertEquals("unknown config key 'dht.nodes'", assertThrows(ConfigException.class,
                () -> RelayConfig.of("dht.nodes=3")).getMessage());
    }

    @Test
    void childCommandLineKeepsTheProxyOnLoopback() throws Exception {
        DhtConfig c = RelayConfig.of("dht.enabled=true", "dht.public.address=10.0.0.7:7070", "dht.network=99",
                "dht.node.port=4300", "dht.proxy.port=8300", "dht.node.bootstrap=10.0.0.1:4222, 10.0.0.2:4222").dht;
        assertEquals(List.of("dhtnode", "-s", "-n", "99", "-p", "4300", "-b", "10.0.0.1:4222", "--proxyserver",
                "8300", "--proxy-addr", "127.0.0.1"), DhtNodeProcess.command(c));
    }
}
