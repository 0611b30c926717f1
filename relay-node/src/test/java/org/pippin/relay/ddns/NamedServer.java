package org.pippin.relay.ddns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A real BIND {@code named} for tests: foreground, on 127.0.0.1 and a free high port, everything (config, zone,
 * journal, pid file) in the test's directory, zone {@value #ZONE} updatable with one TSIG key made by
 * {@code tsig-keygen}. The zone starts with another relay's SRV records, which no update of ours may touch.
 */
final class NamedServer implements AutoCloseable {

    static final String ZONE = "pippin.test.";
    static final String KEY_NAME = "relay-key";
    static final String OTHER_RELAY = "other-relay.pippin.test.";
    private static final String NAMED = "/usr/sbin/named";
    private static final String KEYGEN = "/usr/sbin/tsig-keygen";

    final int port;
    final String secret;
    final Path keyFile;
    /** From process start to the "running" line. */
    final long startupMillis;
    private final Process process;
    private final Path log;

    private NamedServer(Path dir) throws IOException, InterruptedException {
        for (String tool : new String[] {NAMED, KEYGEN}) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(tool + " is missing: install the Debian packages bind9 and"
                        + " bind9-dnsutils (.ci/run does)");
            }
        }
        Files.createDirectories(dir);
        keyFile = dir.resolve("relay.key");
        Process keygen = new ProcessBuilder(KEYGEN, "-a", "hmac-sha256", KEY_NAME)
                .redirectErrorStream(true).redirectOutput(keyFile.toFile()).start();
        if (!keygen.waitFor(30, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
            throw new IOException("tsig-keygen failed: " + Files.readString(keyFile));
        }
        secret = BindKeyFile.parse(Files.readString(keyFile)).get(0).secret;
        port = freePort();
        Files.writeString(dir.resolve("pippin.test.db"), String.join("\n",
                "$TTL 300",
                "@ IN SOA ns.pippin.test. admin.pippin.test. 1 3600 600 86400 60",
                "@ IN NS ns.pippin.test.",
                "ns IN A 127.0.0.1",
                "_pippin._udp IN SRV 10 10 7070 " + OTHER_RELAY,
                "_pippin._tcp IN SRV 10 10 7070 " + OTHER_RELAY,
                ""));
        String d = dir.toAbsolutePath().toString();
        Files.writeString(dir.resolve("named.conf"), String.join("\n",
                "include \"" + keyFile.toAbsolutePath() + "\";",
                "options {",
                "  directory \"" + d + "\";",
                "  pid-file \"" + d + "/named.pid\";",
                "  session-keyfile \"" + d + "/session.key\";",
                "  managed-keys-directory \"" + d + "\";",
                "  listen-on port " + port + " { 127.0.0.1; };",
                "  listen-on-v6 { none; };",
                "  recursion no;",
                "  notify no;",
                "};",
                "controls { };",
                "zone \"" + ZONE + "\" {",
                "  type primary;",
                "  file \"pippin.test.db\";",
                "  allow-update { key \"" + KEY_NAME + "\"; };",
                "};",
                ""));
        log = dir.resolve("named.log");
        long t0 = System.nanoTime();
        process = new ProcessBuilder(NAMED, "-g", "-u", "root", "-c", d + "/named.conf")
                .redirectErrorStream(true).start();
        CountDownLatch running = new CountDownLatch(1);
        Thread reader = new Thread(() -> copyLog(running), "named-log");
        reader.setDaemon(true);
        reader.start();
        if (!running.await(30, TimeUnit.SECONDS) || !process.isAlive()) {
            close();
            throw new IOException("named did not start (no 'running' line within 30 s, or it exited):\n"
                    + log());
        }
        startupMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    static NamedServer start(Path dir) throws IOException, InterruptedException {
        return new NamedServer(dir);
    }

    private void copyLog(CountDownLatch running) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                if (line.endsWith(" running")) {
                    running.countDown();
                }
            }
        } catch (IOException e) {
            // Process.destroy() closes the pipe under the reader: the log ends here.
            return;
        } finally {
            running.countDown(); // also when named exits early: the caller then sees it dead
        }
    }

    /** A port free for UDP and TCP on 127.0.0.1 right now, above the ephemeral range's usual start. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                int p = u.getLocalPort();
                try (ServerSocket t = new ServerSocket()) {
                    t.bind(new InetSocketAddress("127.0.0.1", p));
                    return p;
                } catch (IOException taken) {
                    // the TCP twin is in use: try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    String server() {
        return "127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The records of {@code name} and {@code type} as named answers them now (rdata text, sorted). */
    List<String> query(String name, int type) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTimeout(Duration.ofSeconds(5));
        Message resp = r.send(Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)));
        List<String> out = new ArrayList<>();
        if (resp.getRcode() != Rcode.NOERROR && resp.getRcode() != Rcode.NXDOMAIN) {
            throw new IOException("query " + name + " " + Type.string(type) + ": " + Rcode.string(resp.getRcode()));
        }
        for (Record rec : resp.getSection(Section.ANSWER)) {
            if (rec.getType() == type) {
                out.add(rec.rdataToString());
            }
        }
        out.sort(null);
        return out;
    }

    static Name absolute(String name) throws TextParseException {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
