package org.pippin.registrar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Registrar members on loopback ports in one temporary directory, sharing one test clock. Members can be stopped and
 * restarted from their storage. Closing stops every member still running.
 */
final class Cluster implements AutoCloseable {

    /** Low difficulty keeps the tests' proof-of-work quick; the checks are the same at any difficulty. */
    static final int TEST_DIFFICULTY = 8;

    final TestClock clock = new TestClock(1_800_000_000_000L);
    private final Path dir;
    private final String members;
    private final List<String> overrides;
    private final RegistrarServer[] servers;

    private Cluster(Path dir, int size, List<String> overrides) throws IOException {
        this.dir = dir;
        this.overrides = overrides;
        StringJoiner m = new StringJoiner(",");
        int[] ports = freePorts(size);
        for (int i = 0; i < size; i++) {
            m.add("r" + i + "@127.0.0.1:" + ports[i]);
        }
        members = m.toString();
        servers = new RegistrarServer[size];
    }

    static Cluster start(Path dir, int size, String... overrides) throws Exception {
        Cluster c = new Cluster(dir, size, List.of(overrides));
        try {
            for (int i = 0; i < size; i++) {
                c.start(i);
            }
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    RegistrarConfig config(int i) throws RegistrarConfig.ConfigException {
        List<String> o = new ArrayList<>();
        o.add("registrar.self=r" + i);
        o.add("registrar.members=" + members);
        o.add("registrar.storage.dir=" + dir.resolve("r" + i));
        o.add("registrar.pow.difficulty=" + TEST_DIFFICULTY);
        o.add("registrar.request.timeout.seconds=10");
        o.addAll(overrides);
        return RegistrarConfig.load(null, o);
    }

    void start(int i) throws Exception {
        servers[i] = RegistrarServer.start(config(i), clock);
    }

    void stop(int i) throws IOException {
        servers[i].close();
        servers[i] = null;
    }

    RegistrarServer server(int i) {
        return servers[i];
    }

    int size() {
        return servers.length;
    }

    RegistrarClient client() throws RegistrarConfig.ConfigException {
        return client(Duration.ofSeconds(10));
    }

    RegistrarClient client(Duration timeout) throws RegistrarConfig.ConfigException {
        RegistrarConfig c = config(0);
        return RegistrarClient.connect(c.groupId, c.members, timeout);
    }

    /** The index of the running leader, waiting for an election if needed (bounded by the test's timeout). */
    int awaitLeader() throws IOException, InterruptedException {
        while (true) {
            for (int i = 0; i < servers.length; i++) {
                if (servers[i] != null && servers[i].isLeader()) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (int i = 0; i < servers.length; i++) {
            if (servers[i] != null) {
                try {
                    stop(i);
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Distinct free ports: every socket stays open until all are picked, because the kernel may hand a just-closed
     * ephemeral port out again at once.
     */
    static int[] freePorts(int n) {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }
}
