package org.pippin.registrar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Load driver, run on demand (not a test): a registrar group of {@code members} on loopback in-process, then
 * {@code runs} rounds of {@code claims} signed claims for distinct numbers from {@code threads} threads; prints the
 * time to elect a leader, claims/s per round and their median, and (3 or more members) the time until a new leader
 * is ready after the leader stops. Claims are signed and their work done before the
 * clock starts: the figure is the registrar's (decode, work check, Ed25519 verify, Raft commit to a majority with
 * fsync, apply, sign the record), not the phone's.
 *
 * <pre>
 * mvn -B -q -pl registrar -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp registrar/target/test-classes:registrar/target/classes:$(cat registrar/target/cp.txt) \
 *     org.pippin.registrar.ClaimLoad 3 2000 32 5
 * </pre>
 */
public final class ClaimLoad {

    private ClaimLoad() {
    }

    public static void main(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int claims = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.pippin", "warn");
        Path dir = Files.createTempDirectory("pippin-registrar-load");
        try {
            long t0 = System.nanoTime();
            try (Cluster c = Cluster.start(dir, members)) {
                c.awaitLeader();
                System.out.printf("%d member(s): leader elected %d ms after start%n", members,
                        (System.nanoTime() - t0) / 1_000_000);
                List<Double> rates = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    List<byte[]> batch = new ArrayList<>(claims);
                    for (int i = 0; i < claims; i++) {
                        batch.add(new Phone().claim(Integer.toString(10_000_000 + run * claims + i),
                                c.clock.epochMillis(), Cluster.TEST_DIFFICULTY));
                    }
                    double rate = round(c, batch, threads);
                    rates.add(rate);
                    System.out.printf("run %d: %d claims, %d threads: %.0f claims/s%n", run + 1, claims, threads, rate);
                }
                rates.sort(null);
                System.out.printf("median over %d runs: %.0f claims/s (%d member(s), loopback)%n", runs,
                        rates.get(rates.size() / 2), members);
                if (members >= 3) {
                    int leader = c.awaitLeader();
                    long stopping = System.nanoTime();
                    c.stop(leader);
                    long lost = System.nanoTime();
                    c.awaitLeader();
                    System.out.printf("leader stopped (closing took %d ms): a new leader ready %d ms later%n",
                            (lost - stopping) / 1_000_000, (System.nanoTime() - lost) / 1_000_000);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static double round(Cluster c, List<byte[]> batch, int threads) throws Exception {
        List<RegistrarClient> clients = new ArrayList<>();
        for (int i = 0; i < Math.max(1, threads / 8); i++) {
            clients.add(c.client());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        try {
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RegistrarClient client = clients.get(t % clients.size());
                done.add(pool.submit(() -> {
                    int granted = 0;
                    for (int i = next.getAndIncrement(); i < batch.size(); i = next.getAndIncrement()) {
                        Reply r = client.claim(batch.get(i));
                        if (r.outcome != Outcome.GRANTED) {
                            throw new IllegalStateException("claim " + i + ": " + r);
                        }
                        granted++;
                    }
                    return granted;
                }));
            }
            int granted = 0;
            for (Future<Integer> f : done) {
                granted += f.get();
            }
            return granted / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
            for (RegistrarClient client : clients) {
                client.close();
            }
        }
    }
}
