package org.pippin.relay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostsTest {

    @Test
    void acceptsNamesAddressesAndPorts() {
        assertEquals("relay.example.org", Hosts.hostAndPort("Relay.Example.ORG"));
        assertEquals("relay.example.org:8070", Hosts.hostAndPort("relay.example.org:8070"));
        assertEquals("10.1.2.3:80", Hosts.hostAndPort("10.1.2.3:080"));
        assertEquals("[2001:db8::1]:8070", Hosts.hostAndPort("[2001:db8::1]:8070"));
        assertEquals("[::1]", Hosts.hostAndPort("[::1]"));
        assertEquals("localhost", Hosts.hostOf("localhost:8070"));
        assertEquals("[::1]", Hosts.hostOf("[::1]:8070"));
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {null, "", " ", "a b", "a\r\nb", "a\nPippin-Relay: x", "user@host", "host/",
                "host:", "host:0", "host:65536", "host:-1", "host:1:2", "-host", "host-", "ho_st", "[::1", "::1",
                "[::1]x", "[host]", "a..b", ".a", "a.", "host;x", "h\u00f6st", "x".repeat(64)}) {
            assertNull(Hosts.hostAndPort(bad), String.valueOf(bad));
        }
    }
}
