package org.pippin.relay.dht;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking client of a dhtnode's REST proxy on loopback: put and get opaque values under a key. Keys are hashed to
 * an InfoHash here (the proxy would hash raw path text). An HTTP 200 on a put proves nothing about the DHT: callers
 * read back what they wrote. Call from a worker thread, never from the event loop.
 *
 * <p>Every request ends within the timeout, body included. The proxy answers a get at once and streams the values
 * as its node finds them, the ones it holds itself first, and ends the answer only when the search is over: with
 * the other nodes dead, 8 to 18 s later. A get therefore returns what came within the timeout.
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
        bounded(req, "a put", false);
    }

    /**
     * Every value under {@code key} the proxy returned within the timeout (duplicates and stale versions included).
     */
    public List<byte[]> get(String key) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/key/" + infoHash(key))).timeout(timeout).GET()
                .build();
        return values(bounded(req, "a get", true));
    }

    /**
     * The other nodes in the proxy's node's routing table, from {@code /node/info}: good, dubious and incoming, IPv4
     * and IPv6. Zero on a node that was given peers to join through means it is cut off.
     */
    public int peers() throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/node/info")).timeout(timeout).GET().build();
        String body = bounded(req, "/node/info", false);
        return sum(body, "\"good\":") + sum(body, "\"dubious\":") + sum(body, "\"incoming\":");
    }

    /**
     * The body of a 200 answer to {@code req}, read no further than MAX_BODY bytes (a longer one is refused) and for
     * no longer than the timeout. An answer still coming then is cut off: refused, or if {@code partial}, its lines
     * so far.
     */
    private String bounded(HttpRequest req, String what, boolean partial) throws IOException, InterruptedException {
        Body body = new Body(what);
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, info -> body.begin(info.statusCode()));
        HttpResponse<byte[]> r;
        try {
            r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            String sofar = body.cutOff();
            if (!partial || sofar == null) {
                throw new IOException("dhtnode proxy did not finish " + what + " within " + timeout.toMillis()
                        + " ms");
            }
            return sofar;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
        if (r.statusCode() != 200) {
            throw new IOException("dhtnode proxy answered HTTP " + r.statusCode() + " to " + what);
        }
        return new String(r.body(), StandardCharsets.US_ASCII);
    }

    /** Collects an answer's body up to MAX_BODY bytes; what came before a deadline can be taken. */
    private static final class Body implements HttpResponse.BodySubscriber<byte[]> {
        private final String what;
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private int status;
        private boolean cut;

        Body(String what) {
            this.what = what;
        }

        synchronized Body begin(int statusCode) {
            status = statusCode;
            return this;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return done;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (cut) {
                    return;
                }
                byte[] a = new byte[b.remaining()];
                b.get(a);
                got.writeBytes(a);
                if (got.size() > MAX_BODY) {
                    cut = true;
                    subscription.cancel();
                    done.completeExceptionally(new IOException("dhtnode proxy answered more than " + MAX_BODY
                            + " bytes to " + what));
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public synchronized void onComplete() {
            done.complete(got.toByteArray());
        }

        /**
         * Stops reading: the complete lines of a 200 answer received so far, or null if no such answer had begun.
         */
        synchronized String cutOff() {
            if (subscription == null || cut) {
                return null;
            }
            cut = true;
            subscription.cancel();
            if (status != 200) {
                return null;
            }
            String sofar = got.toString(StandardCharsets.US_ASCII);
            return sofar.substring(0, sofar.lastIndexOf('\n') + 1);
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
