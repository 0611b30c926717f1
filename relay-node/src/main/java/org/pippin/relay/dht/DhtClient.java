package org.pippin.relay.dht;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Blocking client of a dhtnode's REST proxy on loopback: put and get opaque values under a key. Keys are hashed to
 * an InfoHash here (the proxy would hash raw path text). An HTTP 200 on a put proves nothing about the DHT: callers
 * read back what they wrote. Call from a worker thread, never from the event loop.
 */
public final class DhtClient {

    /** Largest answer read from the proxy: values are a few hundred bytes; a flood of them is cut here. */
    static final int MAX_BODY = 1 << 20;

    private final HttpClient http;
    private final String base;
    private final Duration timeout;

    public DhtClient(int proxyPort, int timeoutMillis) {
        this.base = "http://127.0.0.1:" + proxyPort;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The 40-hex-digit InfoHash of a key text (SHA-1). */
    public static String infoHash(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(40);
            for (byte b : h) {
                sb.append(Character.forDigit(b >> 4 & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java SE", e);
        }
    }

    /** Puts {@code data} under {@code key} as value {@code valueId} (a writer's own slot under that key). */
    public void put(String key, long valueId, byte[] data) throws IOException, InterruptedException {
        String json = "{\"data\":\"" + Base64.getEncoder().encodeToString(data) + "\",\"type\":0,\"id\":\""
                + Long.toUnsignedString(valueId) + "\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/key/" + infoHash(key))).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.US_ASCII)).build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("dhtnode proxy answered HTTP " + r.statusCode() + " to a put");
        }
    }

    /** Every value under {@code key} as the proxy returns them (duplicates and stale versions included). */
    public List<byte[]> get(String key) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/key/" + infoHash(key))).timeout(timeout).GET()
                .build();
        return values(bounded(req, "a get"));
    }

    /**
     * The other nodes in the proxy's node's routing table, from {@code /node/info}: good, dubious and incoming, IPv4
     * and IPv6. Zero on a node that was given peers to join through means it is cut off.
     */
    public int peers() throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/node/info")).timeout(timeout).GET().build();
        String body = bounded(req, "/node/info");
        return sum(body, "\"good\":") + sum(body, "\"dubious\":") + sum(body, "\"incoming\":");
    }

    /** The body of a 200 answer to {@code req}, read no further than MAX_BODY bytes: a longer one is refused. */
    private String bounded(HttpRequest req, String what) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException("dhtnode proxy answered HTTP " + r.statusCode() + " to " + what);
            }
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IOException("dhtnode proxy answered more than " + MAX_BODY + " bytes to " + what);
            }
            return new String(body, StandardCharsets.US_ASCII);
        }
    }

    /** The sum of the numbers after every {@code field} in {@code json}, at most Integer.MAX_VALUE. */
    static int sum(String json, String field) {
        long total = 0;
        for (int at = json.indexOf(field); at >= 0; at = json.indexOf(field, at + 1)) {
            int i = at + field.length();
            int n = 0;
            while (i < json.length() && Character.isDigit(json.charAt(i)) && n < 1_000_000) {
                n = n * 10 + (json.charAt(i++) - '0');
            }
            // Many huge counts from a confused proxy must not wrap round to a negative node count.
            total = Math.min(total + n, Integer.MAX_VALUE);
        }
        return (int) total;
    }

    /**
     * The {@code data} of each JSON line of a get (one value a line). Lines without it, with bad base64, or marked
     * expired are skipped: what is left is verified by the caller anyway.
     */
    static List<byte[]> values(String body) {
        List<byte[]> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.contains("\"expired\":true")) {
                continue;
            }
            int at = line.indexOf("\"data\":\"");
            if (at < 0) {
                continue;
            }
            int start = at + 8;
            int end = line.indexOf('"', start);
            if (end < 0) {
                continue;
            }
            try {
                out.add(Base64.getDecoder().decode(line.substring(start, end).replace("\\/", "/")));
            } catch (IllegalArgumentException e) {
                // Not base64: someone else's junk under our key; nothing to verify.
                continue;
            }
        }
        return out;
    }
}
