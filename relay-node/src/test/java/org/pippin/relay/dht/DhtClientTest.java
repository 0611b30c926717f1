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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real HTTP server standing in for the proxy: answers read, oversized ones refused, and answers
 * still coming at the timeout cut off.
 */
class DhtClientTest {

    private final AtomicReference<byte[]> answer = new AtomicReference<>();
    /** Set: the answer is sent, then held open until released, as a dhtnode searching among dead nodes does. */
    private final AtomicReference<CountDownLatch> holdOpen = new AtomicReference<>();
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
                CountDownLatch hold = holdOpen.get();
                if (hold != null) {
                    out.flush();
                    hold.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
    void aGetStillSearchingAtTheTimeoutReturnsTheValuesSoFar() throws Exception {
        DhtClient quick = new DhtClient(server.getAddress().getPort(), 300);
        CountDownLatch release = new CountDownLatch(1);
        holdOpen.set(release);
        try {
            // The last line is cut: only whole lines count.
            answer.set("{\"data\":\"AQID\",\"id\":\"1\"}\n{\"data\":\"BA".getBytes(StandardCharsets.US_ASCII));
            List<byte[]> values = quick.get("presence:12345678");
            assertEquals(1, release.getCount(), "the answer is still open");
            assertEquals(1, values.size());
            assertArrayEquals(new byte[] {1, 2, 3}, values.get(0));
        } finally {
            release.countDown();
        }
    }

    @Test
    void otherAnswersStillComingAtTheTimeoutAreRefused() throws Exception {
        DhtClient quick = new DhtClient(server.getAddress().getPort(), 300);
        CountDownLatch release = new CountDownLatch(1);
        holdOpen.set(release);
        try {
            answer.set("{\"ipv4\":{\"good\":3,".getBytes(StandardCharsets.US_ASCII));
            IOException info = assertThrows(IOException.class, quick::peers);
            assertEquals("dhtnode proxy did not finish /node/info within 300 ms", info.getMessage());
        } finally {
            release.countDown();
        }
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
