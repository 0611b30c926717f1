package org.pippin.relay.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Clock;
import org.pippin.relay.RelayConfig;
import org.xbill.DNS.Type;

/** RFC 2136 + TSIG against a real BIND named on loopback; each test uses its own relay name in the one zone. */
class Rfc2136Test {

    @TempDir
    static Path dir;
    static NamedServer named;
    static AddressServer http;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = now::get;

    @BeforeAll
    static void up() throws Exception {
        named = NamedServer.start(dir.resolve("named"));
        http = new AddressServer();
    }

    @AfterAll
    static void down() {
        if (http != null) {
            http.close();
        }
        if (named != null) {
            named.close();
        }
    }

    private DdnsService service(String relay, String... more) throws Exception {
        List<String> keys = new ArrayList<>(List.of("ddns.protocol=rfc2136", "ddns.name=" + relay + ".pippin.test",
                "ddns.server=" + named.server(), "ddns.zone=pippin.test", "ddns.tsig.keyfile=" + named.keyFile));
        keys.addAll(List.of(more));
        if (keys.stream().noneMatch(k -> k.startsWith("ddns.address."))) {
            keys.add("ddns.address.url=" + http.url("/" + relay));
        }
        return DdnsService.create(RelayConfig.load(null, keys).ddns, clock, 7070);
    }

    private void advance(int seconds) {
        now.addAndGet(seconds * 1000L);
    }

    private static List<String> srv(String proto) throws Exception {
        return named.query("_pippin." + proto + ".pippin.test", Type.SRV);
    }

    @Test
    void recordsAppearAndFollowTheAddress() throws Exception {
        http.answer("/relay1", "203.0.113.7\n");
        DdnsService s = service("relay1");
        s.tick();
        assertEquals(DdnsStatus.OK, s.status().state(), String.valueOf(s.status().lastError()));
        assertEquals(List.of("203.0.113.7"), named.query("relay1.pippin.test", Type.A));
        assertEquals(List.of(), named.query("relay1.pippin.test", Type.AAAA));
        for (String proto : Rfc2136Updater.SRV_PROTOCOLS) {
            List<String> records = srv(proto);
            assertTrue(records.contains("10 10 7070 relay1.pippin.test."), records.toString());
            assertTrue(records.contains("10 10 7070 " + NamedServer.OTHER_RELAY), "another relay's SRV stays");
        }
        assertEquals(1_000_000, s.status().lastUpdateMillis());

        int asked = http.requests.get();
        advance(299);
        s.tick();
        assertEquals(asked, http.requests.get(), "not due before ddns.check.seconds");
        advance(1);
        s.tick();
        assertEquals(asked + 1, http.requests.get());
        assertEquals(1_000_000, s.status().lastUpdateMillis(), "same address: no update");

        http.answer("/relay1", "203.0.113.8");
        advance(300);
        s.tick();
        assertEquals(List.of("203.0.113.8"), named.query("relay1.pippin.test", Type.A));
        assertEquals(1_600_000, s.status().lastUpdateMillis());
        for (String proto : Rfc2136Updater.SRV_PROTOCOLS) {
            List<String> records = srv(proto);
            assertEquals(1, records.stream().filter(r -> r.endsWith(" relay1.pippin.test.")).count(),
                    records.toString());
            assertTrue(records.contains("10 10 7070 " + NamedServer.OTHER_RELAY), records.toString());
        }
        assertEquals(List.of("relay1.pippin.test. 60 IN A 203.0.113.8"),
                dig("relay1.pippin.test", "A"), "dig sees what dnsjava sees, with the short TTL");
    }

    @Test
    void ipv6AndIpv4Together() throws Exception {
        http.answer("/relay2-v4", "203.0.113.20");
        http.answer("/relay2-v6", "2001:db8::20");
        DdnsService s = service("relay2",
                "ddns.address.url=" + http.url("/relay2-v4") + "," + http.url("/relay2-v6"));
        s.tick();
        assertEquals(List.of("203.0.113.20"), named.query("relay2.pippin.test", Type.A));
        assertEquals(List.of("2001:db8:0:0:0:0:0:20"), named.query("relay2.pippin.test", Type.AAAA));
        http.answer("/relay2-v6", "2001:db8::21");
        advance(300);
        s.tick();
        assertEquals(List.of("2001:db8:0:0:0:0:0:21"), named.query("relay2.pippin.test", Type.AAAA));
        assertEquals(List.of("203.0.113.20"), named.query("relay2.pippin.test", Type.A));
    }

    @Test
    void anInterfacesAddressesArePublished() throws Exception {
        DdnsService s = service("relay7", "ddns.address.interface=lo");
        s.tick();
        assertEquals(DdnsStatus.OK, s.status().state(), String.valueOf(s.status().lastError()));
        assertEquals(List.of("127.0.0.1"), named.query("relay7.pippin.test", Type.A));
        assertEquals(AddressSource.fromInterface("lo").size() - 1,
                named.query("relay7.pippin.test", Type.AAAA).size(), "::1 too when lo has IPv6");
    }

    @Test
    void aChangedSrvPortReplacesOnlyThisRelaysRecord() throws Exception {
        DdnsService first = service("relay3", "ddns.address.fixed=203.0.113.30");
        first.tick();
        assertTrue(srv("_udp").contains("10 10 7070 relay3.pippin.test."));
        DdnsService restarted = service("relay3", "ddns.address.fixed=203.0.113.30", "ddns.srv.port=7171",
                "ddns.srv.priority=5");
        restarted.tick();
        for (String proto : Rfc2136Updater.SRV_PROTOCOLS) {
            List<String> records = srv(proto);
            assertTrue(records.contains("5 10 7171 relay3.pippin.test."), records.toString());
            assertTrue(records.stream().noneMatch(r -> r.equals("10 10 7070 relay3.pippin.test.")), records.toString());
            assertTrue(records.contains("10 10 7070 " + NamedServer.OTHER_RELAY), records.toString());
        }
    }

    @Test
    void aWrongSecretIsRefusedAsBadsigAndChangesNothing() throws Exception {
        DdnsService s = service("relay4", "ddns.address.fixed=203.0.113.40", "ddns.tsig.keyfile=",
                "ddns.tsig.name=" + NamedServer.KEY_NAME, "ddns.tsig.secret=" + DdnsConfigTest.SECRET);
        s.tick();
        DdnsStatus st = s.status();
        assertEquals(DdnsStatus.RETRYING, st.state());
        assertTrue(st.lastError().endsWith("refused: rcode=NOTAUTH tsig=BADSIG"), st.lastError());
        assertEquals(1, st.failures());
        assertEquals(1_030_000, st.nextCheckMillis(), "first retry after ddns.retry.seconds");
        assertEquals(List.of(), named.query("relay4.pippin.test", Type.A));
        assertTrue(srv("_udp").stream().noneMatch(r -> r.contains("relay4")));
        advance(30);
        s.tick();
        assertEquals(2, s.status().failures());
        assertEquals(now.get() + 60_000, s.status().nextCheckMillis(), "backoff doubles");
    }

    @Test
    void anUnknownKeyIsRefusedAsBadkey() throws Exception {
        DdnsService s = service("relay5", "ddns.address.fixed=203.0.113.50", "ddns.tsig.keyfile=",
                "ddns.tsig.name=nobody-key", "ddns.tsig.secret=" + named.secret);
        s.tick();
        assertEquals(DdnsStatus.RETRYING, s.status().state());
        assertTrue(s.status().lastError().endsWith("refused: rcode=NOTAUTH tsig=BADKEY"), s.status().lastError());
        assertEquals(List.of(), named.query("relay5.pippin.test", Type.A));
    }

    @Test
    void anUnreachableServerIsRetried() throws Exception {
        DdnsService s = service("relay6", "ddns.address.fixed=203.0.113.60", "ddns.timeout.seconds=1",
                "ddns.server=127.0.0.1:9");
        s.tick();
        assertEquals(DdnsStatus.RETRYING, s.status().state());
        assertTrue(s.status().lastError().startsWith("update of 203.0.113.60 failed: "), s.status().lastError());
    }

    /** What {@code dig} (bind9-dnsutils) answers, one record per line. */
    static List<String> dig(String name, String type) throws Exception {
        Process p = new ProcessBuilder("dig", "@127.0.0.1", "-p", String.valueOf(named.port), "+noall", "+answer",
                name, type).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().map(l -> l.replaceAll("\\s+", " ").trim()).filter(l -> !l.isEmpty()).toList();
    }
}
