package org.pippin.relay.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AddressSourceTest {

    private AddressServer http;

    @BeforeEach
    void up() throws IOException {
        http = new AddressServer();
    }

    @AfterEach
    void down() {
        http.close();
    }

    private List<InetAddress> ask(String... paths) throws IOException {
        return new HttpAddressSource(Arrays.stream(paths).map(http::url).toList(), 5).discover();
    }

    private String failure(String path) {
        return assertThrows(IOException.class, () -> ask(path)).getMessage().replace(http.url(path).toString(), "U");
    }

    @Test
    void aBodyThatIsAnAddressIsBelieved() throws IOException {
        http.answer("/v4", "203.0.113.7\n");
        http.answer("/v6", "  2001:db8::7\r\n");
        assertEquals(List.of(InetAddress.getByName("203.0.113.7"), InetAddress.getByName("2001:db8::7")),
                ask("/v6", "/v4"), "IPv4 first whatever the order of the URLs");
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        http.answer("/html", "<html>Current IP Address: 203.0.113.7</html>");
        assertEquals("U: not an IP address: '<html>Current IP Address: 203.0.113.7</html>'", failure("/html"));
        http.answer("/name", "example.com");
        assertEquals("U: not an IP address: 'example.com'", failure("/name"));
        http.answer("/octet", "203.0.113.256");
        assertEquals("U: not an IP address: '203.0.113.256'", failure("/octet"));
        http.answer("/v6bad", "2001:db8::7::1");
        assertEquals("U: not an IP address: '2001:db8::7::1'", failure("/v6bad"));
        http.answer("/long", "1".repeat(HttpAddressSource.MAX_BODY + 1));
        assertEquals("U: answer longer than 64 bytes", failure("/long"));
        http.answer("/loop", "127.0.0.1");
        assertEquals("U: answered 127.0.0.1, which no one else can reach", failure("/loop"));
        http.answer("/ctl", "1.2.3.4\u0000");
        assertEquals("U: not an IP address: '1.2.3.4?'", failure("/ctl"));
        http.answer("/err", 503, "203.0.113.7");
        assertEquals("U: HTTP 503", failure("/err"));
        assertEquals("U: HTTP 404", failure("/missing"));
    }

    @Test
    void aBodyThatNeverEndsTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer trickle = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trickle.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 20);
            ex.getResponseBody().write("203.".getBytes(StandardCharsets.US_ASCII));
            ex.getResponseBody().flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        trickle.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + trickle.getAddress().getPort() + "/ip");
            assertEquals(url + ": no complete answer within 1 s", assertThrows(IOException.class,
                    () -> new HttpAddressSource(List.of(url), 1).discover()).getMessage());
        } finally {
            release.countDown();
            trickle.stop(0);
        }
    }

    @Test
    void anInterfaceGivesItsAddresses() throws IOException {
        List<InetAddress> lo = AddressSource.fromInterface("lo");
        assertTrue(lo.contains(InetAddress.getByName("127.0.0.1")), lo.toString());
        assertEquals("no network interface named nosuch0",
                assertThrows(IOException.class, () -> AddressSource.fromInterface("nosuch0")).getMessage());
    }
}
