package org.pippin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where datagrams were lost: the kernel's per-socket drop counters ({@code /proc/net/udp} and {@code udp6}, last
 * column; a full receive buffer), split into the relay under test's sockets (a port range) and everyone else's (the
 * load generator's sockets, in the ephemeral range).
 */
final class UdpDrops {

    private UdpDrops() {
    }

    /** {drops on sockets with a local port in [from, to], drops on all other sockets}. */
    static long[] read(int from, int to) throws IOException {
        long[] d = new long[2];
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 13 || !f[1].contains(":") || f[0].equals("sl")) {
                    continue;
                }
                int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                long drops = Long.parseLong(f[f.length - 1]);
                d[port >= from && port <= to ? 0 : 1] += drops;
            }
        }
        return d;
    }
}
