package org.pippin.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Wire;

/**
 * Item 3 on one relay: registrations per second ({@code window} REGISTERs in flight at a time, each answered by
 * REGISTERED and acknowledged) of new numbers (binding one rewrites and fsyncs the relay's secrets file) and of the
 * same numbers again from new sockets, then call set-up one call at a time: INVITE sent by the caller until RINGING reaches
 * it, and until ANSWER reaches it (the callee rings and answers as soon as the INVITE arrives, so the figures are the
 * relay's and the loopback's, not a person's), each call ended with BYE. Medians of {@code runs} runs.
 */
final class SetupBench {

    private static final int PORT = 17270;

    private SetupBench() {
    }

    static void main(Args args) throws Exception {
        int runs = args.integer("runs", 3);
        int phones = args.integer("phones", 2000);
        int window = args.integer("window", 50);
        int calls = args.integer("calls", 1000);
        int pairs = Math.min(args.integer("pairs", 100), phones / 2);
        Path dir = Files.createTempDirectory("pippin-bench-setup");
        System.out.printf("set-up on one relay: %d runs; %d registrations per run (%d in flight); %d calls per run;"
                + " load average %s%n", runs, phones, window, calls, Proc.loadAverage());
        Proc relay = Relay.start(PORT, dir, args.string("relay-cpus", ""), List.of(),
                "limits.phones=" + (2 * runs * phones + 10), "limits.calls=" + (pairs + 10), "log.level=warn",
                "transport.udp.sockets=" + args.integer("udp-sockets", 0));
        List<double[]> results = new ArrayList<>();
        try {
            for (int run = 0; run < runs; run++) {
                List<BenchPhone> ps = new ArrayList<>();
                try {
                    // First registrations bind their numbers; the same numbers again from new sockets are known.
                    double regs = register(ps, phones, window, 10_000_000 + run * phones);
                    List<BenchPhone> first = new ArrayList<>(ps);
                    ps.clear();
                    for (BenchPhone p : first) {
                        p.close();
                    }
                    double known = register(ps, phones, window, 10_000_000 + run * phones);
                    long[] ringing = new long[calls];
                    long[] answered = new long[calls];
                    for (int c = 0; c < calls; c++) {
                        int p = c % pairs;
                        BenchPhone a = ps.get(2 * p);
                        BenchPhone b = ps.get(2 * p + 1);
                        int callId = c + 1;
                        long[] r = BenchPhone.call(a, b, callId, number(10_000_000 + run * phones, 2 * p + 1),
                                Wire.CODEC_GSM, 100);
                        ringing[c] = r[2];
                        answered[c] = r[3];
                        a.send(new Bye(callId, Wire.BYE_NORMAL));
                        b.expect(Bye.class);
                    }
                    Arrays.sort(ringing);
                    Arrays.sort(answered);
                    double[] v = {regs, known, ringing[calls / 2] / 1e3, ringing[calls * 99 / 100] / 1e3,
                        answered[calls / 2] / 1e3, answered[calls * 99 / 100] / 1e3};
                    results.add(v);
                    System.out.printf("run %d: %.0f first registrations/s, %.0f of known numbers/s;"
                            + " invite->ringing p50 %.0f µs p99 %.0f µs; invite->answer p50 %.0f µs p99 %.0f µs%n",
                            run + 1, v[0], v[1], v[2], v[3], v[4], v[5]);
                } finally {
                    for (BenchPhone p : ps) {
                        p.close();
                    }
                }
            }
        } finally {
            relay.close();
            Bench.deleteTree(dir);
        }
        double[] m = ForwardingBench.median(results);
        System.out.printf("%nmedians of %d runs (load average now %s; shared 2-core machine)%n", runs,
                Proc.loadAverage());
        System.out.println("| one relay | first registrations/s | registrations of known numbers/s |"
                + " invite→ringing p50 µs | p99 µs | invite→answer p50 µs | p99 µs |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf("| Pippin | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", m[0], m[1], m[2], m[3], m[4],
                m[5]);
    }

    private static String number(int base, int i) {
        return Integer.toString(base + i);
    }

    /** Registers {@code n} new phones, {@code window} at a time; returns registrations per second. */
    static double register(List<BenchPhone> into, int n, int window, int base) throws Exception {
        InetSocketAddress relay = Relay.address(PORT);
        for (int i = 0; i < n; i++) {
            into.add(new BenchPhone(new InetSocketAddress("127.0.0.1", 0), relay));
        }
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += window) {
            int to = Math.min(n, from + window);
            for (int i = from; i < to; i++) {
                String number = number(base, i);
                into.get(into.size() - n + i).send(new Register(number, number.getBytes(StandardCharsets.US_ASCII),
                        BenchPhone.codecs()));
            }
            for (int i = from; i < to; i++) {
                into.get(into.size() - n + i).expect(Registered.class);
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
