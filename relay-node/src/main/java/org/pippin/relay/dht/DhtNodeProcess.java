package org.pippin.relay.dht;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code dhtnode} the relay runs as its child (dht.node.start=true): service mode, the network's private id, its
 * REST proxy bound to loopback only (the proxy has no authentication). Its output goes to {@code dhtnode.log} in the
 * data directory.
 */
final class DhtNodeProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DhtNodeProcess.class);
    /** How long a freshly started node may take before its proxy answers. */
    private static final long START_MILLIS = 15_000;
    private static final long START_PROBE_MILLIS = 50;

    private final Process process;

    private DhtNodeProcess(Process process) {
        this.process = process;
    }

    static List<String> command(DhtConfig c) {
        List<String> cmd = new ArrayList<>(List.of(c.nodeCommand, "-s", "-n", Long.toString(c.network), "-p",
                Integer.toString(c.nodePort)));
        if (!c.bootstrap.isEmpty()) {
            // dhtnode takes one bootstrap node; the DHT finds the others through it.
            cmd.add("-b");
            cmd.add(c.bootstrap.get(0));
        }
        cmd.addAll(List.of("--proxyserver", Integer.toString(c.proxyPort), "--proxy-addr", "127.0.0.1"));
        return cmd;
    }

    /** Starts the node and waits until its proxy answers; the relay does not start without its DHT. */
    static DhtNodeProcess start(DhtConfig c, Path dataDir, DhtClient client) throws IOException,
            InterruptedException {
        List<String> cmd = command(c);
        Path log = dataDir.resolve("dhtnode.log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + String.join(" ", cmd) + " (dht.node.command; Debian package "
                    + "dhtnode): " + e.getMessage(), e);
        }
        DhtNodeProcess node = new DhtNodeProcess(p);
        long deadline = System.nanoTime() + START_MILLIS * 1_000_000;
        while (true) {
            if (!p.isAlive()) {
                throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + " at start; see "
                        + log);
            }
            try {
                client.peers();
                LOG.info("dhtnode started (pid {}): {}; log in {}", p.pid(), String.join(" ", cmd), log);
                return node;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    node.close();
                    throw new IOException("dhtnode proxy on 127.0.0.1:" + c.proxyPort + " did not answer within "
                            + START_MILLIS / 1000 + " s: " + e.getMessage(), e);
                }
            }
            // Start-up only: the proxy has no readiness signal but answering.
            Thread.sleep(START_PROBE_MILLIS);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
