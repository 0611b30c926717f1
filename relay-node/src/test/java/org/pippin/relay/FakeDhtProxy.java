package org.pippin.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pippin.relay.dht.DhtClient;

/**
 * The dhtnode REST proxy as the relays use it (POST and GET on {@code /key/<hash>}, {@code /node/info}), backed by a
 * map in this JVM: several in-process relays pointed at it share one directory and presence, as on one DHT, with no
 * dhtnode. A value is kept under its key by the writer's value id, the last write winning, as dhtnode does.
 */
final class FakeDhtProxy implements AutoCloseable {

    private final HttpServer server;
    /** Value lines ({"data":...,"id":...}) by key hash and value id. */
    private final Map<String, Map<String, String>> values = new HashMap<>();

    FakeDhtProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Whether any value was written under {@code key} (the key text, as the relay hashes it). */
    boolean holds(String key) {
        synchronized (values) {
            return values.containsKey("/key/" + DhtClient.infoHash(key));
        }
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String answer;
        int status = 200;
        if (path.equals("/node/info")) {
            answer = "{\"ipv4\":{\"good\":0,\"dubious\":0,\"incoming\":0}}";
        } else if (path.startsWith("/key/") && x.getRequestMethod().equals("POST")) {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            String id = field(body, "\"id\":\"");
            String data = field(body, "\"data\":\"");
            synchronized (values) {
                values.computeIfAbsent(path, k -> new LinkedHashMap<>()).put(id,
                        "{\"data\":\"" + data + "\",\"id\":\"" + id + "\"}\n");
            }
            answer = "{}";
        } else if (path.startsWith("/key/")) {
            StringBuilder b = new StringBuilder();
            synchronized (values) {
                values.getOrDefault(path, Map.of()).values().forEach(b::append);
            }
            answer = b.toString();
        } else {
            status = 404;
            answer = "";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String field(String json, String name) {
        int at = json.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("no " + name + " in " + json);
        }
        int start = at + name.length();
        return json.substring(start, json.indexOf('"', start));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
