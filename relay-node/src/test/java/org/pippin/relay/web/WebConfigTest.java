package org.pippin.relay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;

class WebConfigTest {

    private static WebConfig of(String... overrides) throws RelayConfig.ConfigException {
        return RelayConfig.load(null, List.of(overrides)).web;
    }

    private static String error(String... overrides) {
        return assertThrows(RelayConfig.ConfigException.class, () -> of(overrides)).getMessage();
    }

    @Test
    void defaults() throws Exception {
        WebConfig c = of();
        assertEquals(true, c.enabled);
        assertEquals(8070, c.port);
        assertNull(c.publicUrl);
        assertEquals(Map.of(), c.jadAttributes);
        assertEquals(512, c.uplinkKbps);
        assertEquals(List.of(), c.seeds);
    }

    @Test
    void publicUrlIsNormalised() throws Exception {
        WebConfig c = of("http.public.url=http://Relay.Example.org:8080/ota");
        assertEquals("http://relay.example.org:8080/ota/", c.publicUrl);
        assertEquals("relay.example.org", c.publicHost);
        assertEquals("https://relay.example.org/", of("http.public.url=https://relay.example.org").publicUrl);
    }

    @Test
    void unusableValuesNameTheKey() {
        assertEquals("http.port must be 0..65535, got 70000", error("http.port=70000"));
        assertEquals("http.port must differ from listen.port (both 7070, TCP)", error("http.port=7070"));
        assertEquals("http.public.url must start with http:// or https://, got 'ftp://relay.example.org/'",
                error("http.public.url=ftp://relay.example.org/"));
        assertEquals("http.public.url must be scheme://host[:port][/path], got 'http://a@relay.example.org/'",
                error("http.public.url=http://a@relay.example.org/"));
        assertEquals("http.public.url must be scheme://host[:port][/path], got 'http://relay.example.org/?x=1'",
                error("http.public.url=http://relay.example.org/?x=1"));
        assertEquals("http.jad.attributes: 'MIDlet-Jar-URL' is not an attribute the relay may set"
                + " (Pippin-*, but not Pippin-Relay or Pippin-Relays)", error("http.jad.attributes=MIDlet-Jar-URL: x"));
        assertEquals("http.jad.attributes: 'Pippin-Relay' is not an attribute the relay may set"
                + " (Pippin-*, but not Pippin-Relay or Pippin-Relays)", error("http.jad.attributes=Pippin-Relay: x:1"));
        assertEquals("http.jad.attributes: Pippin-Codec needs a value of printable ASCII",
                error("http.jad.attributes=Pippin-Codec:"));
        assertEquals("network.seeds: 'relay.example.org' is not host:port", error("network.seeds=relay.example.org"));
        assertEquals("network.seeds: 'a b:7070' is not host:port", error("network.seeds=ok.example.org:1,a b:7070"));
        assertEquals("unknown config key 'http.prot'", error("http.prot=1"));
        assertEquals("http.enabled must be true or false, got 'yes'", error("http.enabled=yes"));
    }

    @Test
    void attributesAndSeedsKeepTheirOrder() throws Exception {
        WebConfig c = of("http.jad.attributes=Pippin-Transport: tcp;Pippin-Ptime:60",
                "network.seeds=b.example.org:7070,a.example.org:7070,b.example.org:7070");
        assertEquals(List.of("Pippin-Transport", "Pippin-Ptime"), List.copyOf(c.jadAttributes.keySet()));
        assertEquals("60", c.jadAttributes.get("Pippin-Ptime"));
        assertEquals(List.of("b.example.org:7070", "a.example.org:7070"), c.seeds);
    }

    @Test
    void uplinkIsClampedWithAWarning() throws Exception {
        RelayConfig c = RelayConfig.load(null, List.of("uplink.kbps=1"));
        assertEquals(8, c.web.uplinkKbps);
        assertEquals(List.of("uplink.kbps=1 is outside 8..10000000; using 8"), c.warnings);
        assertFalse(of("http.enabled=false", "http.port=7070").enabled, "a disabled web face may name any port");
    }
}
