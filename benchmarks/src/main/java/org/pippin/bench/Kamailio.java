package org.pippin.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rival SIP server: Kamailio as a minimal stateful proxy (tm, sl, rr, maxfwd) that record-routes every INVITE
 * and relays it to one SIPp UAS, and relays in-dialog ACK and BYE along the route. Runs in the foreground as a child
 * of this JVM with its own config, pid file and runtime directory in {@code dir}; its CPU is summed over the main
 * process and every worker it forks.
 */
final class Kamailio implements AutoCloseable {

    static final String PACKAGE = "kamailio";
    private static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules");
    /** UDP receivers: two per core of this 2-core machine, so one blocked worker never idles a core. */
    static final int CHILDREN = 4;

    private final Proc proc;
    private final int port;

    private Kamailio(Proc proc, int port) {
        this.proc = proc;
        this.port = port;
    }

    static Kamailio start(Path dir, int port, int uasPort) throws IOException, InterruptedException {
        require();
        Path cfg = dir.resolve("kamailio.cfg");
        Files.writeString(cfg, config(port, uasPort), StandardCharsets.US_ASCII);
        Path run = Files.createDirectories(dir.resolve("kamailio-run"));
        Proc proc = new Proc(List.of("kamailio", "-DD", "-E", "-f", cfg.toString(), "-P",
                run.resolve("kamailio.pid").toString(), "-Y", run.toString(), "-m", "128", "-M", "8"), "Listening on");
        Kamailio k = new Kamailio(proc, port);
        try {
            k.awaitAnswer(port);
        } catch (IOException | RuntimeException e) {
            k.close();
            throw e;
        }
        return k;
    }

    private static void require() throws IOException, InterruptedException {
        if (!Files.isDirectory(MODULES)) {
            throw new IOException("Kamailio is missing (no " + MODULES + "): apt-get install -y"
                    + " --no-install-recommends " + PACKAGE);
        }
        try {
            Proc.run(List.of("kamailio", "-v"));
        } catch (IOException e) {
            throw new IOException("kamailio does not run: apt-get install -y --no-install-recommends " + PACKAGE, e);
        }
    }

    private static String config(int port, int uasPort) {
        return String.join("\n",
                "#!KAMAILIO",
                "debug=1",
                "log_stderror=yes",
                "children=" + CHILDREN,
                "disable_tcp=yes",
                "auto_aliases=no",
                "listen=udp:127.0.0.1:" + port,
                "mpath=\"" + MODULES + "/\"",
                "loadmodule \"tm.so\"",
                "loadmodule \"sl.so\"",
                "loadmodule \"rr.so\"",
                "loadmodule \"maxfwd.so\"",
                "request_route {",
                "    if (!mf_process_maxfwd_header(\"10\")) {",
                "        sl_send_reply(\"483\", \"Too Many Hops\");",
                "        exit;",
                "    }",
                "    if (method == \"OPTIONS\" && uri == myself) {",
                "        sl_send_reply(\"200\", \"Alive\");",
                "        exit;",
                "    }",
                // ACK and BYE carry our Record-Route as Route: loose_route strips it, the request URI is the UAS.
                "    if (loose_route()) {",
                "        t_relay();",
                "        exit;",
                "    }",
                "    if (method == \"INVITE\") {",
                "        record_route();",
                "    }",
                "    t_relay_to_udp(\"127.0.0.1\", \"" + uasPort + "\");",
                "}",
                "");
    }

    /** "Listening on" is printed before the workers fork: ready means an OPTIONS got its 200. */
    private void awaitAnswer(int port) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(200);
            byte[] buf = new byte[2048];
            for (int i = 1; System.nanoTime() < deadline; i++) {
                byte[] options = ("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bKready" + i + "\r\n"
                        + "From: <sip:bench@127.0.0.1>;tag=ready\r\n"
                        + "To: <sip:127.0.0.1:" + port + ">\r\n"
                        + "Call-ID: ready-" + i + "\r\n"
                        + "CSeq: " + i + " OPTIONS\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(reply);
                } catch (SocketTimeoutException e) {
                    continue; // not listening yet: ask again
                }
                if (new String(buf, 0, reply.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200")) {
                    return;
                }
            }
        }
        throw new IOException("kamailio did not answer OPTIONS within 10 s; last output: " + proc.lastLines());
    }

    /** CPU of the main process and all the workers it forked. */
    long cpuNanos() throws IOException {
        return proc.treeCpuNanos();
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        proc.close(); // SIGTERM to the main process, which ends its workers before it exits
    }
}
