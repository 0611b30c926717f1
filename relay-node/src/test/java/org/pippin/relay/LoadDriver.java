package org.pippin.relay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pippin.protocol.Wire;

/**
 * Load driver, run on demand (not a test): a relay in-process on loopback, then
 * (1) one-way latency relay path A -> relay -> B for sequential packets, and
 * (2) {@code calls} concurrent UDP calls sending GSM 100 ms packets both ways at 10 packets/s for {@code seconds}.
 *
 * <pre>
 * mvn -B -q -pl relay-node test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp relay-node/target/test-classes:relay-node/target/classes:$(cat relay-node/target/cp.txt) \
 *     org.pippin.relay.LoadDriver 200 10
 * </pre>
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("pippin-load");
        try (RelayFixture relay = new RelayFixture(dir, "limits.phones=" + (2 * calls + 2),
                "limits.calls=" + (calls + 1))) {
            System.out.println("relay transport: " + relay.server.transportName());
            latency(relay);
            throughput(relay, calls, seconds);
        }
    }

    private static void latency(RelayFixture relay) throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("1000", new byte[] {1});
            b.register("1001", new byte[] {2});
            int[] ch = CallTest.connect(a, b, 1, "1001", "1000");
            int n = 20_000;
            long[] micros = new long[n];
            byte[] payload = CallTest.payload(1);
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                a.sendVoice(ch[0], i & 0xFFFF, payload);
                b.expectVoice();
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            Arrays.sort(micros);
            System.out.printf("one-way A->relay->B, %d sequential packets: median %d us, p99 %d us, max %d us%n",
                    n, micros[n / 2], micros[n * 99 / 100], micros[n - 1]);
            a.send(new org.pippin.protocol.Bye(1, Wire.BYE_NORMAL));
        }
    }

    private static void throughput(RelayFixture relay, int calls, int seconds) throws Exception {
        List<TestPhone[]> pairs = new ArrayList<>();
        List<int[]> channels = new ArrayList<>();
        try {
            for (int i = 0; i < calls; i++) {
                TestPhone a = TestPhone.udp(relay.port);
                TestPhone b = TestPhone.udp(relay.port);
                pairs.add(new TestPhone[] {a, b});
                a.register(Integer.toString(20000 + 2 * i), new byte[] {1});
                b.register(Integer.toString(20001 + 2 * i), new byte[] {2});
                channels.add(CallTest.connect(a, b, 100 + i, Integer.toString(20001 + 2 * i),
                        Integer.toString(20000 + 2 * i)));
            }
            long before = relay.counter(Counters.Name.VOICE_FORWARDED);
            AtomicLong sent = new AtomicLong();
            ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
            byte[] payload = CallTest.payload(2);
            for (int i = 0; i < calls; i++) {
                TestPhone[] p = pairs.get(i);
                int[] ch = channels.get(i);
                AtomicLong seq = new AtomicLong();
                senders.scheduleAtFixedRate(() -> {
                    try {
                        int s = (int) seq.incrementAndGet() & 0xFFFF;
                        p[0].sendVoice(ch[0], s, payload);
                        p[1].sendVoice(ch[1], s, payload);
                        sent.addAndGet(2);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, i % 100, 100, TimeUnit.MILLISECONDS);
            }
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measurement window itself
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            RelayFixture.awaitValue(sent.get(), () -> relay.counter(Counters.Name.VOICE_FORWARDED) - before);
            long received = 0;
            for (TestPhone[] p : pairs) {
                received += p[0].voice.size() + p[1].voice.size();
            }
            System.out.printf("%d calls, %.1f s: sent %d, relay forwarded %d, received %d (%.0f packets/s through"
                    + " the relay, %.2f Mbit/s of voice payload+header), dropped %d%n", calls, elapsed, sent.get(),
                    relay.counter(Counters.Name.VOICE_FORWARDED) - before, received, sent.get() / elapsed,
                    sent.get() / elapsed * (4 + CallTest.GSM_100MS) * 8 / 1e6,
                    relay.server.counters().voiceDropped());
        } finally {
            for (TestPhone[] p : pairs) {
                p[0].close();
                p[1].close();
            }
        }
    }
}
