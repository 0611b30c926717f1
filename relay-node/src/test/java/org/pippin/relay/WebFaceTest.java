package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Wire;

/** The relay's web face through real sockets: install page, OTA JAD and JAR, status and metrics during a call. */
class WebFaceTest {

    static final String JAD_TYPE = "text/vnd.sun.j2me.app-descriptor";
    static final String XHTML_MP_TYPE = "application/vnd.wap.xhtml+xml";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<byte[]> get(RelayFixture relay, String path) throws Exception {
        return send(relay, path, "GET");
    }

    private HttpResponse<byte[]> send(RelayFixture relay, String path, String method) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.server.httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("content-type").orElse("");
    }

    private static long length(HttpResponse<?> r) {
        return r.headers().firstValueAsLong("content-length").orElse(-1);
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static Map<String, String> parseJad(String text) {
        Map<String, String> jad = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            assertTrue(colon > 0, "JAD line " + line);
            jad.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return jad;
    }

    @Test
    void installPageLinksTheJadWhoseJarIsServedWithItsExactSize() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "network.seeds=seed1.example.org:7070, 192.0.2.7:7171")) {
            int web = relay.server.httpPort();
            HttpResponse<byte[]> page = get(relay, "/");
            assertEquals(200, page.statusCode());
            assertEquals(XHTML_MP_TYPE + "; charset=utf-8", type(page));
            assertEquals(page.body().length, length(page));
            assertTrue(page.body().length < 1024, "install page is " + page.body().length + " bytes");
            String html = text(page);
            assertTrue(html.contains("-//WAPFORUM//DTD XHTML Mobile 1.0//EN"), html);
            assertTrue(html.contains("<a href=\"pippin.jad\">Install Pippin 0.1.0</a>"), html);

            HttpResponse<byte[]> jadResponse = get(relay, "/pippin.jad");
            assertEquals(200, jadResponse.statusCode());
            assertEquals(JAD_TYPE + "; charset=utf-8", type(jadResponse));
            assertEquals(jadResponse.body().length, length(jadResponse));
            Map<String, String> jad = parseJad(text(jadResponse));
            assertEquals("http://127.0.0.1:" + web + "/pippin.jar", jad.get("MIDlet-Jar-URL"));
            assertEquals("127.0.0.1:" + relay.port, jad.get("Pippin-Relay"));
            assertEquals("127.0.0.1:" + relay.port + ",seed1.example.org:7070,192.0.2.7:7171",
                    jad.get("Pippin-Relays"));
            assertEquals("org.pippin.midlet.PippinMIDlet", jad.get("MIDlet-1").split(",")[2]);

            HttpResponse<byte[]> jar = http.send(HttpRequest.newBuilder(URI.create(jad.get("MIDlet-Jar-URL")))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, jar.statusCode());
            assertEquals("application/java-archive", type(jar));
            assertEquals(jar.body().length, length(jar));
            assertEquals(Long.parseLong(jad.get("MIDlet-Jar-Size")), jar.body().length, "MIDlet-Jar-Size");
            Path saved = Files.write(dir.resolve("downloaded.jar"), jar.body());
            try (JarFile file = new JarFile(saved.toFile())) {
                Attributes manifest = file.getManifest().getMainAttributes();
                assertEquals(jad.get("MIDlet-Version"), manifest.getValue("MIDlet-Version"));
                assertEquals(jad.get("MIDlet-Name"), manifest.getValue("MIDlet-Name"));
            }

            HttpResponse<byte[]> head = send(relay, "/pippin.jar", "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals(jar.body().length, length(head), "HEAD tells the GET's length");
            assertEquals(0, head.body().length);
        }
    }

    @Test
    void publicUrlAndOperatorAttributesShapeTheJad() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "http.public.url=http://Relay.Example.org:8080/pippin",
                "http.jad.attributes=Pippin-Transport: tcp; Pippin-Codec: pcmu")) {
            // The configured URL wins over whatever Host the phone sent, hostile or not.
            String raw = exchange(relay, "GET /pippin.jad HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n");
            assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
            Map<String, String> jad = parseJad(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            assertEquals("http://relay.example.org:8080/pippin/pippin.jar", jad.get("MIDlet-Jar-URL"));
            assertEquals("relay.example.org:" + relay.port, jad.get("Pippin-Relay"));
            assertEquals("tcp", jad.get("Pippin-Transport"));
            assertEquals("pcmu", jad.get("Pippin-Codec"));
        }
    }

    /** Host values that must never reach a JAD: each gets 400 and nothing of it is echoed. */
    @Test
    void hostileHostHeadersAreRejected() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir)) {
            for (String host : List.of("evil.example.org%0d%0aPippin-Relay: x", "a b", "example.org:99999",
                    "example.org:0", "user@example.org", "example.org/x", "[::1", "-bad.example.org",
                    "example.org:80:80", "\"example.org\"", "example.org;x", "example..org", "", "exa_mple.org",
                    "example.org:+80", "x".repeat(300))) {
                String raw = exchange(relay, "GET /pippin.jad HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertTrue(raw.startsWith("HTTP/1.1 400 Bad Request\r\n"), host + " -> " + raw);
                assertTrue(!raw.contains("Pippin-Relay") && !raw.contains("MIDlet"), raw);
            }
            String none = exchange(relay, "GET /pippin.jad HTTP/1.1\r\n\r\n");
            assertTrue(none.startsWith("HTTP/1.1 400 Bad Request\r\n"), "no Host: " + none);
            String ok = exchange(relay, "GET /pippin.jad HTTP/1.1\r\nHost: [::1]:8070\r\nConnection: close\r\n\r\n");
            assertTrue(ok.contains("MIDlet-Jar-URL: http://[::1]:8070/pippin.jar\n"), ok);
        }
    }

    @Test
    void otherMethodsPathsAndBadRequestsGetTheirStatus() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir)) {
            assertEquals(404, get(relay, "/nothing-here").statusCode());
            // A lone relay knows no others: the same empty list RELAY_LIST gives.
            HttpResponse<byte[]> relays = get(relay, "/relays.xml");
            assertEquals(200, relays.statusCode());
            assertEquals("text/xml; charset=utf-8", relays.headers().firstValue("content-type").orElse(""));
            assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<relays>\n</relays>\n", text(relays));
            assertEquals(404, get(relay, "/pippin.jad/../x").statusCode());
            HttpResponse<byte[]> post = send(relay, "/pippin.jad", "POST");
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
            HttpResponse<byte[]> head = send(relay, "/", "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            assertTrue(length(head) > 0);
            assertTrue(exchange(relay, "GARBAGE\r\n\r\n").startsWith("HTTP/1.1 400 "));
            String huge = exchange(relay, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(huge.startsWith("HTTP/1.1 400 ") || huge.startsWith("HTTP/1.1 414 "), huge);
        }
    }

    /** Keep-alive and pipelining: three requests in one write, three answers in order on one connection. */
    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir)) {
            String raw = exchange(relay, "GET /status HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /nothing HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            int status = raw.indexOf("Pippin relay</title>");
            int notFound = raw.indexOf("HTTP/1.1 404 Not Found");
            int metrics = raw.indexOf("# TYPE pippin_calls_active gauge");
            assertTrue(status > 0 && notFound > status && metrics > notFound, raw);
        }
    }

    @Test
    void statusAndMetricsShowACallInProgressAndItsVoice() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "uplink.kbps=64");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            String idle = text(get(relay, "/status"));
            assertTrue(idle.contains("Phones: 2<br/>") && idle.contains("Calls: 0<br/>"), idle);
            assertTrue(idle.contains("DHT: not configured<br/>") && idle.contains("Registrar: not configured<br/>"),
                    idle);

            int callId = 0x0b5e4ed1;
            int[] ch = CallTest.connect(a, b, callId, "777", "555");
            for (int seq = 1; seq <= 5; seq++) {
                CallTest.voiceArrives(a, ch[0], b, ch[1], seq);
                CallTest.voiceArrives(b, ch[1], a, ch[0], seq);
            }
            relay.advance(2);
            HttpResponse<byte[]> status = get(relay, "/status");
            assertEquals(XHTML_MP_TYPE + "; charset=utf-8", type(status));
            String page = text(status);
            assertTrue(page.contains("Calls: 1<br/>"), page);
            // 10 packets of 4 + 165 bytes, +28 IPv4/UDP each, over the 2 s since the relay's first sample.
            long bps = 10 * (4 + 165 + 28) * 8 / 2;
            assertEquals(7880, bps);
            assertTrue(page.contains("Voice: 8 of 64 kbit/s (12 %)<br/>"), page);
            assertTrue(page.contains("Up: 0 min 2 s<br/>"), page);

            HttpResponse<byte[]> metrics = get(relay, "/metrics");
            assertEquals("text/plain; version=0.0.4; charset=utf-8", type(metrics));
            String m = text(metrics);
            assertEquals(1.0, metric(m, "pippin_calls_active"));
            assertEquals(2.0, metric(m, "pippin_phones_attached"));
            assertEquals(10.0, metric(m, "pippin_voice_forwarded_packets_total"));
            // B is on TCP: the event loop forwarded every packet, none went on a direct UDP route.
            assertEquals(0.0, metric(m, "pippin_voice_forwarded_direct_packets_total"));
            assertEquals(10.0 * (4 + 165), metric(m, "pippin_voice_forwarded_bytes_total"));
            assertEquals((double) bps, metric(m, "pippin_voice_bits_per_second"));
            assertEquals(64000.0, metric(m, "pippin_uplink_budget_bits_per_second"));
            assertEquals(2.0, metric(m, "pippin_registrations_total"));
            assertEquals(1.0, metric(m, "pippin_calls_answered_total"));
            assertEquals(2.0, metric(m, "pippin_uptime_seconds"));
            assertEquals(0.0, metric(m, "pippin_voice_dropped_packets_total{reason=\"wrong_source\"}"));
            assertTrue(m.contains("pippin_relay_info{version=\"0.1.0-SNAPSHOT\"} 1"), m);

            a.send(new Bye(callId, Wire.BYE_NORMAL));
            assertEquals(Wire.BYE_NORMAL, b.expect(Bye.class).reason);
            assertTrue(text(get(relay, "/status")).contains("Calls: 0<br/>"));
            assertEquals(0.0, metric(text(get(relay, "/metrics")), "pippin_calls_active"));
            // Ten seconds after the last voice the window holds none of it.
            relay.advance(11);
            assertEquals(0.0, metric(text(get(relay, "/metrics")), "pippin_voice_bits_per_second"));
        }
    }

    /** Past the connection limit a new connection is closed at once; the open ones are still served. */
    @Test
    void connectionsAreBounded() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir)) {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 64; i++) {
                    open.add(new Socket(InetAddress.getLoopbackAddress(), relay.server.httpPort()));
                }
                try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), relay.server.httpPort())) {
                    refused.setSoTimeout(5000);
                    assertEquals(-1, refused.getInputStream().read(), "the 65th is closed without an answer");
                }
                Socket last = open.get(63);
                last.setSoTimeout(5000);
                last.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(new String(last.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                        .startsWith("HTTP/1.1 200 OK"), "the 64th is served");
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    @Test
    void webFaceCanBeTurnedOff() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "http.enabled=false")) {
            assertEquals(0, relay.server.httpPort());
        }
    }

    /** The value of a sample line {@code name value}; {@code name} may include labels. */
    static double metric(String text, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), name + " missing in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    /** Writes raw bytes to the web face and reads until it closes the connection (or 5 s pass). */
    private static String exchange(RelayFixture relay, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.server.httpPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
