package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over-the-air install from the relay's web face: MicroEmulator opens {@code http://<relay>/pippin.jad}, downloads
 * the jar from the JAD's {@code MIDlet-Jar-URL} and registers with the relay the JAD names. Then a call between it
 * and a second phone shows on the relay's status page and in its metrics, and leaves them when it ends.
 */
class OtaIT {
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofSeconds(20);
    /** The installed phone's own settings: the relay serves them to every phone it installs (http.jad.attributes). */
    private static final String OTA_PHONE = "http.jad.attributes=Pippin-Auto-Claim: 2002;"
            + " Pippin-Auto-Answer: answer";

    @RegisterExtension
    final Testbed bed = new Testbed();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void phoneInstalledFromTheRelayRegistersAndItsCallShowsInStatusAndMetrics() throws Exception {
        Relay relay = bed.relay("relay", OTA_PHONE);

        HttpResponse<String> jadResponse = get(relay.url("/pippin.jad"));
        assertEquals(200, jadResponse.statusCode());
        assertEquals("text/vnd.sun.j2me.app-descriptor; charset=utf-8",
                jadResponse.headers().firstValue("content-type").orElse(""));
        Map<String, String> jad = parseJad(jadResponse.body());
        assertEquals(relay.url("/pippin.jar"), jad.get("MIDlet-Jar-URL"));
        long builtJar = Files.size(Artifacts.midletJad().resolveSibling("pippin.jar"));
        assertEquals(Long.toString(builtJar), jad.get("MIDlet-Jar-Size"), "the relay serves the jar as built");
        assertEquals(relay.address(), jad.get("Pippin-Relay"));
        assertEquals(relay.address(), jad.get("Pippin-Relays"));

        Phone b = bed.phoneFrom("phoneB", relay.url("/pippin.jad"));
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));
        String metrics = get(relay.url("/metrics")).body();
        // Only MicroEmulator asks for the jar (it opens the URL more than once).
        assertTrue(metric(metrics, "pippin_http_requests_total{path=\"/pippin.jar\"}") >= 1,
                "MicroEmulator fetched the jar from MIDlet-Jar-URL");
        assertEquals(1.0, metric(metrics, "pippin_phones_attached"));

        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").hangUpAtEndOfAudio()
                .send(ToneSequence.render(ToneSequence.random(3003, 80))).start();
        assertEquals("1001 udp", String.join(" ", a.await("registered", Testbed.START).args()));
        a.await("answered", CALL);
        b.await("answered", CALL);

        String status = awaitBody(relay.url("/status"), "Calls: 1<br/>");
        assertTrue(status.contains("Phones: 2<br/>"), status);
        double before = metric(get(relay.url("/metrics")).body(), "pippin_voice_forwarded_packets_total");
        String during = awaitMetricAbove(relay, "pippin_voice_forwarded_packets_total", before);
        assertEquals(1.0, metric(during, "pippin_calls_active"));
        assertTrue(metric(during, "pippin_voice_bits_per_second") > 0, during);
        String page = get(relay.url("/status")).body();
        System.out.printf("status page during the call (%d bytes): %s%n", page.length(),
                page.substring(page.indexOf("<p>")).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " "));

        a.await("ended", CALL);
        b.await("ended", CALL);
        awaitBody(relay.url("/status"), "Calls: 0<br/>");
        String after = get(relay.url("/metrics")).body();
        assertEquals(0.0, metric(after, "pippin_calls_active"));
        assertEquals(1.0, metric(after, "pippin_calls_answered_total"));
        assertTrue(metric(after, "pippin_voice_forwarded_packets_total") > before, after);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a page of another process until it shows {@code text}: the relay's state has no event to wait for. */
    private String awaitBody(String url, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + POLL.toNanos();
        String body;
        while (!(body = get(url).body()).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " never showed '" + text + "'; last:\n" + body);
            }
            Thread.sleep(200);
        }
        return body;
    }

    private String awaitMetricAbove(Relay relay, String name, double floor) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + POLL.toNanos();
        String body;
        while (metric(body = get(relay.url("/metrics")).body(), name) <= floor) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " stayed at " + floor + "; last:\n" + body);
            }
            Thread.sleep(200);
        }
        return body;
    }

    private static Map<String, String> parseJad(String text) {
        Map<String, String> jad = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            assertTrue(colon > 0, "JAD line " + line);
            jad.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return jad;
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), name + " missing in\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
