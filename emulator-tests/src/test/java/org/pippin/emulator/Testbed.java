package org.pippin.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per-test environment: a fresh directory {@code target/e2e/<class>/<test>/} holding the process logs, the relay's
 * data dir and each phone's file system; every process started through it is killed after the test, pass or fail.
 */
final class Testbed implements BeforeEachCallback, AfterEachCallback {
    /** Generous: a loaded 2-core machine starts a JVM with Netty or the emulator in a few seconds. */
    static final Duration START = Duration.ofSeconds(30);

    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> networks = new ArrayList<>();
    private Path dir;
    private ProcessLog log;
    private int registrarPort;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        registrarPort = 0;
        dir = Artifacts.workRoot()
                .resolve(context.getRequiredTestClass().getSimpleName())
                .resolve(context.getRequiredTestMethod().getName())
                .toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        log = new ProcessLog(dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
        for (AutoCloseable network : networks) {
            network.close();
        }
        networks.clear();
        log.close();
        context.getExecutionException().ifPresent(e -> System.out.println("process logs: " + dir));
    }

    /**
     * Starts a relay. Every relay of one test shares one data dir, so a second one is the first restarted: it knows
     * the numbers that registered before.
     */
    Relay relay(String name, String... settings) {
        Relay relay = Relay.start(name, subdir(name), subdir("relay-data"), registrarPort(), log, START, settings);
        processes.add(relay.process());
        return relay;
    }

    /** A relay run inside {@code host}'s network namespace. */
    Relay relay(String name, TestNetwork.Host host, String... settings) {
        Relay relay = Relay.start(name, host.exec(), subdir(name), subdir("relay-data"), registrarPort(), log, START,
                settings);
        processes.add(relay.process());
        return relay;
    }

    /**
     * A network of namespaces for this test, removed after it (after its processes have stopped), also when the
     * test or the set-up fails half-way.
     */
    TestNetwork network() {
        TestNetwork network = new TestNetwork(log);
        networks.add(network);
        return network;
    }

    /** A counting UDP forwarder to the relay, for a phone's {@code Pippin-Relay}. */
    UdpTap tap(String name, Relay relay) {
        UdpTap tap = new UdpTap(name, relay.udpPort());
        networks.add(tap);
        return tap;
    }

    /** A port where UDP is blocked and TCP reaches the relay, for a phone's {@code Pippin-Relay}. */
    UdpBlockedPort udpBlocked(String name, Relay relay) {
        UdpBlockedPort port = new UdpBlockedPort(name, relay.tcpPort());
        networks.add(port);
        return port;
    }

    /** Another program as a peer (e.g. a SIP softphone), stopped after the test like the relays and phones. */
    ManagedProcess process(String name, List<String> command) {
        ManagedProcess process = ManagedProcess.start(name, command, subdir(name), log);
        processes.add(process);
        return process;
    }

    /** The test's own directory {@code name} (created): a process's files, or "relay-data" for the relays' data. */
    Path dir(String name) {
        return subdir(name);
    }

    Phone.Setup phone(String name, String number) {
        return new Phone.Setup(name, number, subdir(name), log, processes);
    }

    /** A phone installed over the air from {@code jadUrl}. */
    Phone phoneFrom(String name, String jadUrl) {
        return Phone.installFrom(name, jadUrl, subdir(name), log, processes);
    }

    /**
     * The registrar port of this test's relays: one per test, so a restarted relay finds its registrar group (kept in
     * the shared data dir) at the address it was stored with.
     */
    private int registrarPort() {
        if (registrarPort == 0) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                registrarPort = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port for the registrar", e);
            }
        }
        return registrarPort;
    }

    private Path subdir(String name) {
        Path sub = dir.resolve(name);
        try {
            return Files.createDirectories(sub);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + sub, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
