package org.pippin.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Pippin relay as its own JVM from its shaded jar, on 127.0.0.1, optionally pinned to CPUs with taskset. */
final class Relay {

    private Relay() {
    }

    /** The jar: {@code -Dpippin.relay.jar=…}, else the reactor's relay-node/target/pippin-relay.jar. */
    static Path jar() throws IOException {
        Path jar = Path.of(System.getProperty("pippin.relay.jar", "relay-node/target/pippin-relay.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("relay jar " + jar.toAbsolutePath() + " missing: build it with"
                    + " mvn -B -q -DskipTests -pl benchmarks -am package (from the repository root)");
        }
        return jar;
    }

    static Proc start(int port, Path dataDir, String cpus, List<String> jvmArgs, String... settings)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (!cpus.isEmpty()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar().toString()));
        List<String> all = new ArrayList<>(List.of("listen.address=127.0.0.1", "listen.port=" + port,
                "listen.tcp.extra.ports=", "http.enabled=false", "data.dir=" + dataDir, "log.level=info",
                // Phones in a benchmark are silent between packets; nothing may time out during a run.
                "keepalive.seconds=600", "phone.timeout.seconds=3600", "media.timeout.seconds=3600",
                "ring.timeout.seconds=600",
                // One loopback address stands for thousands of phones: the per-address flood limits would measure
                // themselves.
                "floods.attach.max=1000000", "floods.invite.max=1000000", "floods.session.invite.max=1000000",
                "floods.answers.max=1000000"));
        all.addAll(List.of(settings));
        for (String s : all) {
            cmd.add("--set");
            cmd.add(s);
        }
        return new Proc(cmd, "PIPPIN RELAY READY");
    }

    static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
