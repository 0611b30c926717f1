package org.pippin.relay.ddns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.pippin.relay.RelayConfig;
import org.xbill.DNS.Type;

/**
 * On demand: how long after an address change the new record is served, and how long named takes to start.
 * The relay notices a change at its next check (0..ddns.check.seconds later); this measures the rest: the address
 * lookup, the signed update and named serving the new A record, over many changes.
 * <pre>
 * mvn -B -q -pl relay-node test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp relay-node/target/test-classes:relay-node/target/classes:$(cat relay-node/target/cp.txt) \
 *     org.pippin.relay.ddns.DdnsVisibilityDriver 200
 * </pre>
 */
public final class DdnsVisibilityDriver {

    private DdnsVisibilityDriver() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("ddns-driver");
        try {
            run(dir, changes);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(Path dir, int changes) throws Exception {
        long[] startups = new long[5];
        for (int i = 0; i < startups.length; i++) {
            try (NamedServer n = NamedServer.start(dir.resolve("start" + i))) {
                startups[i] = n.startupMillis;
            }
        }
        Arrays.sort(startups);
        System.out.println("named start-up to 'running', 5 starts: median " + startups[2] + " ms, max "
                + startups[4] + " ms");

        try (NamedServer named = NamedServer.start(dir.resolve("named")); AddressServer http = new AddressServer()) {
            AtomicLong now = new AtomicLong();
            DdnsService s = DdnsService.create(RelayConfig.load(null, List.of("ddns.protocol=rfc2136",
                    "ddns.name=driver.pippin.test", "ddns.server=" + named.server(), "ddns.zone=pippin.test",
                    "ddns.tsig.keyfile=" + named.keyFile, "ddns.address.url=" + http.url("/ip"))).ddns,
                    now::get, 7070);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                String address = "198.51.100." + (1 + i % 250);
                http.answer("/ip", address);
                now.addAndGet(3_600_000);
                long t0 = System.nanoTime();
                s.tick();
                while (!named.query("driver.pippin.test", Type.A).equals(List.of(address))) {
                    Thread.onSpinWait();
                }
                micros.add((System.nanoTime() - t0) / 1000);
            }
            micros.sort(null);
            System.out.printf("address change noticed -> new A served, %d changes: median %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms (add 0..ddns.check.seconds until the change is noticed, and up to ddns.ttl in"
                    + " resolvers' caches)%n", changes, micros.get(changes / 2) / 1000.0,
                    micros.get(Math.min(changes - 1, changes * 99 / 100)) / 1000.0, micros.get(changes - 1) / 1000.0);
        }
    }
}
