package org.pippin.relay.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server standing in for the proxy: answers read, and oversized ones cut off. */
class DhtClientTest {

    private final AtomicReference<byte[]> answer = new AtomicReference<>();
    private HttpServer server;
    private DhtClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.get();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // The client hung up on an oversized answer, which is what the test wants.
                exchange.close();
            }
        });
        server.start();
        client = new DhtClient(server.getAddress().getPort(), 5000);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersWithinTheBoundAreRead() throws Exception {
        answer.set("{\"data\":\"AQID\",\"id\":\"1\"}\n{\"data\":\"BAU=\",\"expired\":true}\n"
                .getBytes(StandardCharsets.US_ASCII));
        List<byte[]> values = client.get("presence:12345678");
        assertEquals(1, values.size());
        assertArrayEquals(new byte[] {1, 2, 3}, values.get(0));

        answer.set("{\"ipv4\":{\"good\":3,\"dubious\":1,\"incoming\":2}}".getBytes(StandardCharsets.US_ASCII));
        assertEquals(6, client.peers());
    }

    @Test
    void anAnswerOverTheBoundIsRefusedForEveryRequest() {
        byte[] flood = new byte[DhtClient.MAX_BODY + 1];
        Arrays.fill(flood, (byte) ' ');
        answer.set(flood);
        IOException get = assertThrows(IOException.class, () -> client.get("presence:12345678"));
        assertEquals("dhtnode proxy answered more than 1048576 bytes to a get", get.getMessage());
        IOException info = assertThrows(IOException.class, client::peers);
        assertEquals("dhtnode proxy answered more than 1048576 bytes to /node/info", info.getMessage());
    }
}
