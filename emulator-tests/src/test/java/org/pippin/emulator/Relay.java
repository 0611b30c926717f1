package org.pippin.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real relay node ({@code pippin-relay.jar}) in its own JVM, on ephemeral loopback ports unless the settings say
 * otherwise; no extra TCP port unless asked for (443 is one per machine, and another test's relay may hold it).
 */
final class Relay {
    private static final Pattern READY = Pattern.compile(
            "PIPPIN RELAY READY udp=(\\d+) tcp=(\\d+)(?: http=(\\d+))?(?: tcp\\.extra=([\\d,]+))?(?: sip=(\\d+))?");

    /** Proof-of-work bits the test relays ask of claims: the registrar's minimum, so claims take no time. */
    static final int TEST_DIFFICULTY = 8;

    private final ManagedProcess process;
    private final int udpPort;
    private final int tcpPort;
    /** The web face's port; 0 when it is off. */
    private final int httpPort;
    private final List<Integer> tcpExtraPorts;
    /** The SIP side's port; 0 when it is off. */
    private final int sipPort;

    private Relay(ManagedProcess process, int udpPort, int tcpPort, int httpPort, List<Integer> tcpExtraPorts,
                  int sipPort) {
        this.sipPort = sipPort;
        this.process = process;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.tcpExtraPorts = tcpExtraPorts;
    }

    /**
     * Starts a relay and waits for its READY line.
     *
     * @param settings extra {@code key=value} configuration, each passed as {@code --set}
     */
    static Relay start(String name, Path dir, Path data, int registrarPort, ProcessLog log, Duration readyTimeout,
                       String... settings) {
        return start(name, List.of(), dir, data, registrarPort, log, readyTimeout, settings);
    }

    /** As the other {@code start}, with the command run behind {@code prefix} (e.g. in a network namespace). */
    static Relay start(String name, List<String> prefix, Path dir, Path data, int registrarPort, ProcessLog log,
                       Duration readyTimeout, String... settings) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Artifacts.javaLauncher(), "-Xmx128m", "-jar",
                Artifacts.relayJar().toString(),
                "--set", "listen.address=127.0.0.1",
                "--set", "listen.port=0",
                "--set", "http.port=0",
                "--set", "listen.tcp.extra.ports=",
                // Phones own numbers with keys: the relay's embedded registrar, a group of one, on a port of the
                // test's own; 4-digit test numbers, and the least proof of work the registrar takes (tests that
                // measure the default difficulty set it back).
                "--set", "registrar.members=r1@127.0.0.1:" + registrarPort,
                "--set", "registrar.plan.digits=4",
                "--set", "registrar.plan.reserved=",
                "--set", "registrar.pow.difficulty=" + TEST_DIFFICULTY,
                // Unanswered calls are rejected as before; VoicemailIT turns voicemail on.
                "--set", "voicemail.enabled=false",
                "--set", "data.dir=" + data));
        for (String setting : settings) {
            command.add("--set");
            command.add(setting);
        }
        ManagedProcess process = ManagedProcess.start(name, command, dir, log);
        String line;
        try {
            line = process.awaitLine("PIPPIN RELAY READY", l -> READY.matcher(l).find(), readyTimeout).text();
        } catch (AssertionError e) {
            process.close();
            throw e;
        }
        Matcher m = READY.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("READY line changed while parsing: " + line);
        }
        List<Integer> extra = new ArrayList<>();
        if (m.group(4) != null) {
            for (String port : m.group(4).split(",")) {
                extra.add(Integer.parseInt(port));
            }
        }
        return new Relay(process, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), List.copyOf(extra),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
    }

    int sipPort() {
        return sipPort;
    }

    ManagedProcess process() {
        return process;
    }

    int udpPort() {
        return udpPort;
    }

    int tcpPort() {
        return tcpPort;
    }

    /** A URL on the relay's web face, e.g. {@code url("/pippin.jad")}. */
    String url(String path) {
        if (httpPort == 0) {
            throw new IllegalStateException("the relay runs without its web face (http.enabled=false)");
        }
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** The extra TCP ports from the READY line, for phones whose carrier blocks the main port. */
    List<Integer> tcpExtraPorts() {
        return tcpExtraPorts;
    }

    /**
     * The {@code Pippin-Relay} attribute for phones. The contract puts UDP and TCP on one port; with port 0 the relay
     * may bind two different ephemeral ports, and then only UDP is reachable at this address (phones start on UDP).
     */
    String address() {
        return "127.0.0.1:" + udpPort;
    }
}
