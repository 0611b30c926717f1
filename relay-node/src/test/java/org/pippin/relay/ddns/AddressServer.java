package org.pippin.relay.ddns;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A local "what is my address" service: each path answers the body the test set for it (404 if none). */
final class AddressServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();

    AddressServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String path = ex.getRequestURI().getPath();
            String body = bodies.get(path);
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : statuses.getOrDefault(path, 200), bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** From now on {@code path} answers {@code body} with HTTP 200. */
    void answer(String path, String body) {
        answer(path, 200, body);
    }

    void answer(String path, int status, String body) {
        statuses.put(path, status);
        bodies.put(path, body);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
