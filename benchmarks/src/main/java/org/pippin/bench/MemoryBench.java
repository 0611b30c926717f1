package org.pippin.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;

/**
 * Item 5: heap per attached phone. A fresh relay (its own JVM with a fixed maximum heap) per level; live heap measured
 * with {@code jcmd GC.class_histogram} (which runs a full GC first) before any phone and after {@code n} phones have
 * registered. The relay starts knowing the {@code n} numbers (their salted secret hashes written to its data dir, as
 * after a restart): a first registration rewrites and fsyncs the whole secrets file, so binding 50,000 new numbers
 * would take the run quadratic time. The numbers' own cost is the "before" minus an empty relay's live heap. Each phone is a real UDP socket with its own source address and port (127.1.x.y, ports 20000..29999,
 * never reused) that registers, acknowledges REGISTERED and then closes: the relay keeps the phone attached (its
 * timeouts are set beyond the run), and closing keeps this process under its file limit at 50,000 phones.
 */
final class MemoryBench {

    private static final int PORT = 17370;

    private MemoryBench() {
    }

    static void main(Args args) throws Exception {
        int[] levels = args.ints("phones", "10000,50000");
        String[] heaps = args.string("heaps", "64m,256m").split(",");
        int runs = args.integer("runs", 3);
        System.out.printf("memory: %d runs per level; load average %s%n", runs, Proc.loadAverage());
        double empty = level(0, "64m")[0];
        System.out.printf("empty relay: %.1f MB live heap%n", empty / 1048576);
        System.out.println("| phones | relay -Xmx | numbers known, none attached (MB) | all attached (MB) |"
                + " bytes per known number | bytes per attached phone |");
        System.out.println("|---|---|---|---|---|---|");
        for (int l = 0; l < levels.length; l++) {
            int n = levels[l];
            String heap = heaps[Math.min(l, heaps.length - 1)];
            List<double[]> results = new java.util.ArrayList<>();
            for (int run = 0; run < runs; run++) {
                results.add(level(n, heap));
            }
            double[] m = ForwardingBench.median(results);
            System.out.printf("| %d | %s | %.1f | %.1f | %.0f | %.0f |%n", n, heap, m[0] / 1048576, m[1] / 1048576,
                    (m[0] - empty) / n, (m[1] - m[0]) / n);
        }
    }

    private static double[] level(int n, String heap) throws Exception {
        Path dir = Files.createTempDirectory("pippin-bench-mem");
        seed(dir, n);
        Proc relay = Relay.start(PORT, dir, "", List.of("-Xmx" + heap), "limits.phones=" + Math.max(1, n),
                "limits.numbers=" + (n + 10), "log.level=warn");
        try {
            long before = liveBytes(relay);
            InetSocketAddress to = Relay.address(PORT);
            ArrayDeque<BenchPhone> open = new ArrayDeque<>();
            for (int i = 0; i < n; i++) {
                String local = "127.1." + i / 10_000 / 250 + "." + (1 + i / 10_000 % 250);
                BenchPhone p = new BenchPhone(new InetSocketAddress(local, 20_000 + i % 10_000), to);
                String number = number(i);
                p.send(new Register(number, number.getBytes(StandardCharsets.US_ASCII), BenchPhone.codecs()));
                open.add(p);
                // At most 50 in flight: each REGISTER asks the registrar whether a key owns the number, and the relay
                // refuses (ERROR UNAVAILABLE) what its 4 registrar workers and their 64-deep queue cannot hold.
                if (open.size() == 50 || i == n - 1) {
                    while (!open.isEmpty()) {
                        try (BenchPhone q = open.poll()) {
                            q.expect(Registered.class);
                        }
                    }
                }
            }
            long after = liveBytes(relay);
            return new double[] {before, after};
        } finally {
            relay.close();
            Bench.deleteTree(dir);
        }
    }

    /** Writes the relay's secrets file (number, salt, SHA-256(salt || secret) in hex) for numbers 0..n-1. */
    private static void seed(Path dir, int n) throws Exception {
        StringBuilder sb = new StringBuilder(n * 110);
        HexFormat hex = HexFormat.of();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < n; i++) {
            String number = number(i);
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            byte[] hash = sha.digest(number.getBytes(StandardCharsets.US_ASCII));
            sb.append(number).append(' ').append(hex.formatHex(salt)).append(' ').append(hex.formatHex(hash))
                    .append('\n');
        }
        Path file = dir.resolve("secrets.txt");
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static String number(int i) {
        return Integer.toString(30_000_000 + i);
    }

    /** Live bytes after a full GC: the "Total" line of the class histogram. */
    private static long liveBytes(Proc relay) throws Exception {
        String out = Proc.run(List.of("jcmd", Long.toString(relay.pid()), "GC.class_histogram"));
        for (String line : out.split("\n")) {
            if (line.startsWith("Total")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[2]);
            }
        }
        throw new IllegalStateException("no Total line in the class histogram: " + out);
    }
}
