package org.pippin.network;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One relay jar process of the test network with its own dhtnode (started by the relay as its child), a fixed port
 * plan inside the test's network namespace, and its log in the test directory.
 */
final class RelayProcess {

    final String name;
    final int port;
    final int httpPort;
    final int dhtPort;
    final Path dir;
    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    /** The registrar member's public key, when this relay is the member and has logged it. */
    private volatile String registrarKey;

    private RelayProcess(String name, int index, Path dir, List<String> settings) throws IOException {
        this.name = name;
        this.port = 7100 + index;
        this.httpPort = 8100 + index;
        this.dhtPort = 4300 + index;
        this.dir = dir;
        Files.createDirectories(dir);
        String jar = System.getProperty("pippin.relay.jar", "../relay-node/target/pippin-relay.jar");
        assertTrue(Files.exists(Path.of(jar)), jar + " missing: build relay-node first (mvn package)");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar));
        List<String> all = new ArrayList<>(List.of("listen.address=127.0.0.1", "listen.port=" + port,
                "listen.tcp.extra.ports=", "http.port=" + httpPort, "data.dir=" + dir.resolve("data"),
                "dht.enabled=true", "dht.network=4242", "dht.node.port=" + dhtPort, "dht.proxy.port=" + (8300 + index),
                "dht.public.address=127.0.0.1:" + port, "dht.directory.seconds=2", "dht.presence.seconds=10",
                "dht.timeout.ms=2000", "registrar.pow.difficulty=8", "keepalive.seconds=5",
                // Every test phone speaks from 127.0.0.1 and redials far faster than a person: no flood limits.
                "floods.attach.max=1000000", "floods.invite.max=1000000", "floods.session.invite.max=1000000",
                "floods.answers.max=1000000"));
        all.addAll(settings);
        for (String s : all) {
            cmd.add("--set");
            cmd.add(s);
        }
        process = new ProcessBuilder(cmd).redirectError(dir.resolve("relay.log").toFile()).start();
        Thread t = new Thread(this::readStdout, name + "-stdout");
        t.setDaemon(true);
        t.start();
    }

    static RelayProcess start(String name, int index, Path dir, List<String> settings) throws IOException {
        return new RelayProcess(name, index, dir, settings);
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("PIPPIN RELAY READY")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // The process died; awaitReady() reports it with the log.
            ready.countDown();
        }
    }

    void awaitReady() throws Exception {
        if (!ready.await(90, TimeUnit.SECONDS) || !process.isAlive()) {
            fail(name + " did not start:\n" + log());
        }
    }

    /** The registrar member's public key from its log line "registrar r1 started (...), public key <hex>: ...". */
    String registrarKey() throws Exception {
        if (registrarKey == null) {
            for (String line : Files.readAllLines(dir.resolve("relay.log"))) {
                int at = line.indexOf("public key ");
                if (line.contains("registrar ") && at >= 0) {
                    registrarKey = line.substring(at + 11, at + 11 + 64);
                }
            }
        }
        assertTrue(registrarKey != null, name + " logged no registrar key:\n" + log());
        return registrarKey;
    }

    String log() throws IOException {
        Path f = dir.resolve("relay.log");
        return Files.exists(f) ? Files.readString(f) : "(no log)";
    }

    long logCount(String text) throws IOException {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** kill -9 of the relay and of its dhtnode, as when the machine it runs on dies. */
    void kill() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
        process.destroyForcibly();
        for (ProcessHandle h : children) {
            h.destroyForcibly();
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * SIGSTOP to the relay and its dhtnode: the machine goes silent, as when its power or its link is cut, with no
     * ICMP and no TCP reset to tell anyone. {@link #kill} ends it afterwards.
     */
    void freeze() throws Exception {
        StringBuilder pids = new StringBuilder(String.valueOf(process.pid()));
        process.descendants().forEach(h -> pids.append(' ').append(h.pid()));
        // The shell's own kill: no package needed beyond sh.
        Process k = new ProcessBuilder("sh", "-c", "kill -STOP " + pids).redirectErrorStream(true).start();
        String out = new String(k.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -STOP " + name + ": " + out);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (the relay ends its calls and stops its dhtnode), then whatever is left of it is killed. */
    void stop() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle h : children) {
            h.destroyForcibly();
        }
    }
}
