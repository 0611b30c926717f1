package org.pippin.relay.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.relay.RelayConfig;
import org.pippin.relay.RelayServer;

class DdnsServiceTest {

    @Test
    @Timeout(20)
    void closeDoesNotWaitForAHangingAddressService() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.createContext("/", ex -> {
            asked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        hanging.start();
        try {
            DdnsService s = DdnsService.create(RelayConfig.load(null, List.of("ddns.protocol=dyndns2",
                    "ddns.name=relay1.dyn.example.net", "ddns.timeout.seconds=60",
                    "ddns.address.url=http://127.0.0.1:" + hanging.getAddress().getPort() + "/ip",
                    "ddns.dyndns2.url=http://127.0.0.1:9/nic/update", "ddns.dyndns2.user=a",
                    "ddns.dyndns2.password=b")).ddns, () -> 0L, 7070);
            s.start();
            assertTrue(asked.await(10, TimeUnit.SECONDS), "the DDNS thread never asked for the address");
            s.close(); // a 60 s timeout is pending; close must not wait for it
            assertEquals(DdnsStatus.STARTING, s.status().state(), "an interrupted check is no failure");
        } finally {
            release.countDown();
            hanging.stop(0);
        }
    }

    @Test
    void aRelayWithoutDdnsReportsOff(@TempDir Path dir) throws Exception {
        try (RelayServer relay = RelayServer.start(RelayConfig.of("listen.address=127.0.0.1", "listen.port=0",
                "http.port=0", "listen.tcp.extra.ports=", "data.dir=" + dir), () -> 0L)) {
            assertEquals(DdnsStatus.DISABLED, relay.ddnsStatus());
            assertTrue(relay.ddnsStatus().healthy());
        }
    }
}
