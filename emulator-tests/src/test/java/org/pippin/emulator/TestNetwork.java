package org.pippin.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small network inside this machine: hosts are Linux network namespaces, joined by veth pairs that carry private
 * addresses inside the namespaces only, so nothing leaves the machine and the root namespace's addresses and
 * firewall stay untouched. Each host can have its own iptables rules (a carrier that blocks things). Needs root,
 * {@code ip} (iproute2) and {@code iptables}; without them the test fails and says what to install.
 */
final class TestNetwork implements AutoCloseable {
    private static final String INSTALL = "apt-get install -y --no-install-recommends iptables iproute2 (as .ci/run "
            + "does; tests run as root)";
    /** Unique per test JVM, so a crashed earlier run or a parallel build never collides with this one. */
    private static final String TAG = "p" + ProcessHandle.current().pid();

    private final ProcessLog log;
    private final String ip;
    private final String iptables;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> rootLinks = new ArrayList<>();
    private int links;

    TestNetwork(ProcessLog log) {
        this.log = log;
        this.ip = tool("ip", "iproute2");
        this.iptables = tool("iptables", "iptables");
    }

    /** One host: a network namespace with its loopback up. */
    final class Host {
        final String namespace;
        private String address;

        private Host(String namespace) {
            this.namespace = namespace;
        }

        /** The command prefix that runs a program on this host. */
        List<String> exec() {
            return List.of(ip, "netns", "exec", namespace);
        }

        /** Its address on the link made by {@link #link}. */
        String address() {
            if (address == null) {
                throw new IllegalStateException(namespace + " is on no link yet");
            }
            return address;
        }

        /** Adds an iptables rule on this host, e.g. {@code -A OUTPUT -p udp -j DROP}. */
        void firewall(String... rule) {
            List<String> cmd = new ArrayList<>(exec());
            cmd.add(iptables);
            cmd.addAll(List.of(rule));
            run(cmd);
        }

        /** The host's OUTPUT rules with their packet counters, to show what the firewall stopped. */
        String firewallCounters() {
            List<String> cmd = new ArrayList<>(exec());
            cmd.addAll(List.of(iptables, "-L", "OUTPUT", "-v", "-n", "-x"));
            return run(cmd);
        }

        @Override
        public String toString() {
            return namespace + (address == null ? "" : " " + address);
        }
    }

    /** A new host named {@code name} (a few letters: it becomes part of the namespace's name). */
    Host host(String name) {
        String ns = TAG + "-" + name;
        // Left over from an earlier run of a JVM that had the same pid: gone with everything in it.
        if (Files.exists(Path.of("/run/netns", ns))) {
            run(List.of(ip, "netns", "del", ns));
        }
        namespaces.add(ns);
        run(List.of(ip, "netns", "add", ns));
        run(List.of(ip, "-n", ns, "link", "set", "lo", "up"));
        return new Host(ns);
    }

    /** Joins two hosts by a veth pair in their own /24 of 10.231.0.0/16: {@code a} gets .1, {@code b} .2. */
    void link(Host a, Host b) {
        int n = links++;
        String va = TAG + "a" + n;
        String vb = TAG + "b" + n;
        rootLinks.add(va);
        run(List.of(ip, "link", "add", va, "type", "veth", "peer", "name", vb));
        run(List.of(ip, "link", "set", va, "netns", a.namespace));
        run(List.of(ip, "link", "set", vb, "netns", b.namespace));
        rootLinks.remove(va);
        a.address = "10.231." + n + ".1";
        b.address = "10.231." + n + ".2";
        run(List.of(ip, "-n", a.namespace, "addr", "add", a.address + "/24", "dev", va));
        run(List.of(ip, "-n", b.namespace, "addr", "add", b.address + "/24", "dev", vb));
        run(List.of(ip, "-n", a.namespace, "link", "set", va, "up"));
        run(List.of(ip, "-n", b.namespace, "link", "set", vb, "up"));
    }

    /** Removes every namespace (and with it its veth ends and firewall) and any veth still in the root namespace. */
    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (String link : rootLinks) {
            tryRun(List.of(ip, "link", "del", link), failures);
        }
        for (String ns : namespaces) {
            tryRun(List.of(ip, "netns", "del", ns), failures);
        }
        rootLinks.clear();
        namespaces.clear();
        if (!failures.isEmpty()) {
            throw new AssertionError("test network not fully removed: " + failures);
        }
    }

    private void tryRun(List<String> cmd, List<String> failures) {
        try {
            run(cmd);
        } catch (AssertionError | UncheckedIOException e) {
            failures.add(e.getMessage());
        }
    }

    private String run(List<String> cmd) {
        log.write("net", "$ " + String.join(" ", cmd));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in 20 s");
            }
            if (!out.isBlank()) {
                log.write("net", out.strip());
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip()
                        + (out.contains("Operation not permitted") ? " — network namespaces need root" : ""));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    /** The tool's path: on PATH, or in the sbin directories a non-login shell may leave out. */
    private static String tool(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError("this test builds a network of namespaces and needs '" + name + "' (Debian package "
                + debianPackage + "), which is not installed: " + INSTALL);
    }
}
