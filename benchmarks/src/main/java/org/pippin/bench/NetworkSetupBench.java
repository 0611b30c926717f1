package org.pippin.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Wire;

/**
 * Item 3 across two relays: call set-up from a phone on relay r1 to a phone on relay r2, each relay with its own
 * dhtnode (the relay starts it), r2's bootstrapped from r1's. Per call r1 looks the callee's presence up in the DHT
 * and sends the INVITE over its authenticated link to r2; the callee rings and answers as soon as the INVITE
 * arrives, so the figures are the relays', the DHT's and the loopback's. In the same run, calls between two phones
 * of r1 as the one-relay reference. Must run in a network namespace of its own (dhtnode listens on every address):
 * {@code benchmarks/run setup-network} enters one with {@code unshare --net}.
 */
final class NetworkSetupBench {

    private static final int R1 = 17370;
    private static final int R2 = 17380;
    /** Calls tried before measuring while r2's directory entry and the callees' presence reach the DHT. */
    private static final int WARM_UP_TRIES = 60;

    private NetworkSetupBench() {
    }

    static void main(Args args) throws Exception {
        requireOwnNetworkNamespace();
        int runs = args.integer("runs", 3);
        int calls = args.integer("calls", 500);
        int pairs = args.integer("pairs", 50);
        Path dir = Files.createTempDirectory("pippin-bench-net");
        System.out.printf("set-up across two relays (DHT on loopback, own network namespace): %d runs of %d calls"
                + " each way; load average %s%n", runs, calls, Proc.loadAverage());
        Proc r1 = null;
        Proc r2 = null;
        List<BenchPhone> phones = new ArrayList<>();
        try {
            r1 = start(R1, dir.resolve("r1"), null);
            r2 = start(R2, dir.resolve("r2"), "127.0.0.1:" + dhtPort(R1));
            List<BenchPhone> callers = phones(phones, R1, pairs, 30_000_000);
            List<BenchPhone> local = phones(phones, R1, pairs, 31_000_000);
            List<BenchPhone> remote = phones(phones, R2, pairs, 32_000_000);
            int[] callId = {1};
            long t0 = System.nanoTime();
            warmUp(callers.get(0), remote.get(0), number(32_000_000, 0), callId);
            System.out.printf("r2's phones reachable from r1 after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double[] one = setUp(callers, local, 31_000_000, calls, callId);
                double[] two = setUp(callers, remote, 32_000_000, calls, callId);
                double[] v = {one[0], one[1], one[2], one[3], two[0], two[1], two[2], two[3]};
                results.add(v);
                System.out.printf("run %d: one relay ringing p50 %.0f µs p99 %.0f µs, answer p50 %.0f µs p99 %.0f µs;"
                        + " two relays ringing p50 %.0f µs p99 %.0f µs, answer p50 %.0f µs p99 %.0f µs%n", run,
                        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            }
            double[] m = ForwardingBench.median(results);
            System.out.printf("%nmedians of %d runs (load average now %s; shared 2-core machine)%n", runs,
                    Proc.loadAverage());
            System.out.println("| call set-up | invite→ringing p50 µs | p99 µs | invite→answer p50 µs | p99 µs |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf("| one relay (r1 → r1) | %.0f | %.0f | %.0f | %.0f |%n", m[0], m[1], m[2], m[3]);
            System.out.printf("| two relays (r1 → DHT lookup → link → r2) | %.0f | %.0f | %.0f | %.0f |%n", m[4], m[5],
                    m[6], m[7]);
        } finally {
            for (BenchPhone p : phones) {
                p.close();
            }
            if (r2 != null) {
                r2.close();
            }
            if (r1 != null) {
                r1.close();
            }
            Bench.deleteTree(dir);
        }
    }

    /** dhtnode listens on every address of the machine: only a namespace with nothing but loopback keeps it in. */
    private static void requireOwnNetworkNamespace() throws IOException {
        // The kernel's own list for this process's namespace (/sys/class/net would show the host's).
        Set<String> interfaces = NetworkInterface.networkInterfaces().map(NetworkInterface::getName)
                .collect(Collectors.toSet());
        if (!interfaces.equals(Set.of("lo"))) {
            throw new IOException("setup-network starts dhtnodes, which listen on every address: run it through"
                    + " benchmarks/run setup-network (a network namespace with only loopback); interfaces here: "
                    + interfaces);
        }
    }

    private static int dhtPort(int relayPort) {
        return relayPort - 3000;
    }

    private static Proc start(int port, Path dir, String bootstrap) throws IOException, InterruptedException {
        List<String> settings = new ArrayList<>(List.of("registrar.enabled=false", "limits.phones=1000",
                "dht.enabled=true", "dht.network=4243", "dht.node.port=" + dhtPort(port),
                "dht.proxy.port=" + (port + 1000), "dht.public.address=127.0.0.1:" + port,
                "dht.directory.seconds=2", "dht.presence.seconds=30"));
        if (bootstrap != null) {
            settings.add("dht.node.bootstrap=" + bootstrap);
        }
        return Relay.start(port, dir, "", List.of(), settings.toArray(new String[0]));
    }

    private static List<BenchPhone> phones(List<BenchPhone> all, int relayPort, int n, int base) throws IOException {
        List<BenchPhone> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BenchPhone p = new BenchPhone(new InetSocketAddress("127.0.0.1", 0), Relay.address(relayPort));
            all.add(p);
            p.register(number(base, i));
            out.add(p);
        }
        return out;
    }

    /**
     * Calls until the callee's INVITE arrives: until then r1 answers REJECT UNAVAILABLE (it cannot find the callee
     * yet), which later reads skip.
     */
    private static void warmUp(BenchPhone caller, BenchPhone callee, String number, int[] callId)
            throws IOException, InterruptedException {
        for (int i = 0; i < WARM_UP_TRIES; i++) {
            int id = callId[0]++;
            caller.send(new Invite(id, "", number, 1 << Wire.CODEC_GSM, 100, 0));
            try {
                callee.expectWithin(1000, Invite.class);
            } catch (IOException notYet) {
                Thread.sleep(500);
                continue;
            }
            caller.send(new Bye(id, Wire.BYE_CANCELLED));
            callee.expect(Bye.class);
            return;
        }
        throw new IOException("r1 could not reach " + number + " on r2 within " + WARM_UP_TRIES + " tries");
    }

    /** {ringing p50, p99, answer p50, p99} in µs over {@code calls} calls from callers to callees in turn. */
    private static double[] setUp(List<BenchPhone> callers, List<BenchPhone> callees, int base, int calls,
            int[] callId) throws IOException {
        long[] ringing = new long[calls];
        long[] answered = new long[calls];
        for (int c = 0; c < calls; c++) {
            int p = c % callers.size();
            int id = callId[0]++;
            long[] r = BenchPhone.call(callers.get(p), callees.get(p), id, number(base, p), Wire.CODEC_GSM, 100);
            ringing[c] = r[2];
            answered[c] = r[3];
            callers.get(p).send(new Bye(id, Wire.BYE_NORMAL));
            callees.get(p).expect(Bye.class);
        }
        Arrays.sort(ringing);
        Arrays.sort(answered);
        return new double[] {ringing[calls / 2] / 1e3, ringing[calls * 99 / 100] / 1e3, answered[calls / 2] / 1e3,
            answered[calls * 99 / 100] / 1e3};
    }

    private static String number(int base, int i) {
        return Integer.toString(base + i);
    }
}
