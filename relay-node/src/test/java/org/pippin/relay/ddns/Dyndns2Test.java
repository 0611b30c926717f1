package org.pippin.relay.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pippin.protocol.Clock;
import org.pippin.relay.RelayConfig;

/** The dyndns2 protocol against a local provider that checks each request and answers what the test says. */
class Dyndns2Test {

    /** One request as the provider saw it. */
    record Seen(String method, URI uri, Headers headers) {
    }

    private HttpServer provider;
    private AddressServer addresses;
    private final List<Seen> seen = new ArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "good 203.0.113.7";
    private final AtomicLong now = new AtomicLong(5_000_000);
    private final Clock clock = now::get;

    @BeforeEach
    void up() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/nic/update", ex -> {
            synchronized (seen) {
                seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders()));
            }
            byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        provider.start();
        addresses = new AddressServer();
        addresses.answer("/ip", "203.0.113.7");
    }

    @AfterEach
    void down() {
        provider.stop(0);
        addresses.close();
    }

    private DdnsService service() throws Exception {
        DdnsConfig c = RelayConfig.load(null, List.of("ddns.protocol=dyndns2", "ddns.name=relay1.dyn.example.net",
                "ddns.address.url=" + addresses.url("/ip"),
                "ddns.dyndns2.url=http://127.0.0.1:" + provider.getAddress().getPort() + "/nic/update",
                "ddns.dyndns2.user=alice", "ddns.dyndns2.password=s3cret:pw")).ddns;
        return DdnsService.create(c, clock, 7070);
    }

    private int requests() {
        synchronized (seen) {
            return seen.size();
        }
    }

    @Test
    void theRequestIsWhatProvidersExpect() throws Exception {
        DdnsService s = service();
        s.tick();
        assertEquals(1, requests());
        Seen r = seen.get(0);
        assertEquals("GET", r.method());
        assertEquals("/nic/update", r.uri().getPath());
        assertEquals("hostname=relay1.dyn.example.net&myip=203.0.113.7", r.uri().getRawQuery());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:s3cret:pw".getBytes(StandardCharsets.UTF_8)),
                r.headers().getFirst("Authorization"));
        assertEquals("Pippin - pippin-relay - 0.1", r.headers().getFirst("User-Agent"));
        assertEquals(DdnsStatus.OK, s.status().state());
        assertNull(s.status().lastError());

        now.addAndGet(300_000);
        s.tick();
        assertEquals(1, requests(), "same address: no update (repeated nochg gets a host blocked)");
        addresses.answer("/ip", "203.0.113.9");
        now.addAndGet(300_000);
        s.tick();
        assertEquals(2, requests());
        assertEquals("hostname=relay1.dyn.example.net&myip=203.0.113.9", seen.get(1).uri().getRawQuery());
    }

    @Test
    void nochgIsSuccess() throws Exception {
        answer = "nochg 203.0.113.7";
        DdnsService s = service();
        s.tick();
        assertEquals(DdnsStatus.OK, s.status().state());
        assertEquals(List.of(InetAddress.getByName("203.0.113.7")), s.status().published());
    }

    @ParameterizedTest
    @ValueSource(strings = {"badauth", "!donator", "notfqdn", "nohost", "numhost", "abuse", "badagent"})
    void fatalCodesStopUpdatesAndAreReported(String code) throws Exception {
        answer = code;
        status = "badauth".equals(code) ? 401 : 200;
        DdnsService s = service();
        s.tick();
        DdnsStatus st = s.status();
        assertEquals(DdnsStatus.STOPPED, st.state());
        assertTrue(st.lastError().startsWith("dyndns2 answered '" + code + "' (HTTP " + status + "): "),
                st.lastError());
        assertEquals(-1, st.nextCheckMillis());
        addresses.answer("/ip", "203.0.113.99");
        now.addAndGet(86_400_000);
        s.tick();
        assertEquals(1, requests(), "the protocol forbids retrying " + code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"911", "dnserr"})
    void providerTroubleWaitsHalfAnHour(String code) throws Exception {
        answer = code;
        DdnsService s = service();
        s.tick();
        assertEquals(DdnsStatus.RETRYING, s.status().state());
        assertEquals(5_000_000 + 1_800_000, s.status().nextCheckMillis());
        now.addAndGet(1_799_000);
        s.tick();
        assertEquals(1, requests());
        answer = "good 203.0.113.7";
        now.addAndGet(1_000);
        s.tick();
        assertEquals(2, requests());
        assertEquals(DdnsStatus.OK, s.status().state());
        assertEquals(0, s.status().failures());
    }

    @Test
    void aFailedAddressLookupSendsNothingAndBacksOff() throws Exception {
        addresses.answer("/ip", 503, "busy");
        DdnsService s = service();
        s.tick();
        assertEquals(0, requests());
        assertEquals(DdnsStatus.RETRYING, s.status().state());
        assertEquals("address lookup failed: " + addresses.url("/ip") + ": HTTP 503", s.status().lastError());
        assertEquals(5_000_000 + 30_000, s.status().nextCheckMillis());
        addresses.answer("/ip", "203.0.113.7");
        now.addAndGet(30_000);
        s.tick();
        assertEquals(1, requests());
        assertEquals(DdnsStatus.OK, s.status().state());
    }

    @Test
    void somethingElseIsRetriedWithBackoff() throws Exception {
        status = 502;
        answer = "<html>Bad Gateway</html>";
        DdnsService s = service();
        s.tick();
        assertEquals(DdnsStatus.RETRYING, s.status().state());
        assertEquals("dyndns2 answered '<html>Bad Gateway</html>' (HTTP 502): not a dyndns2 return code",
                s.status().lastError());
        assertEquals(5_000_000 + 30_000, s.status().nextCheckMillis());
    }
}
