package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real baresip softphone (Debian's {@code baresip}) as a test peer, headless on 127.0.0.1: its own config directory,
 * a WAV file as microphone, received audio recorded by its {@code sndfile} module, driven over {@code ctrl_tcp}
 * (netstring-framed JSON commands; its events arrive on the same connection).
 */
final class Baresip implements AutoCloseable {

    static final long WAIT_SECONDS = 15;

    final Path dir;
    final int sipPort;
    private final Process process;
    private final Socket ctrl;
    private final OutputStream ctrlOut;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    /**
     * Starts baresip registering {@code number} at the relay's SIP port with {@code password}, playing
     * {@code source} (8000 Hz mono WAV) as its microphone and answering calls at once.
     */
    Baresip(Path dir, int relaySipPort, String number, String password, Path source) throws Exception {
        requireTool("baresip");
        this.dir = dir;
        // baresip cuts a recording's path at 128 characters (its "-enc" and "-dec" files would then collide).
        if (dir.toString().length() > 80) {
            throw new IllegalArgumentException("baresip's directory path is too long for its recordings: " + dir);
        }
        Files.createDirectories(dir);
        // baresip also opens TLS (and TCP) on port+1 and its own control port: three free ports in a row.
        this.sipPort = freePortRun(3);
        int ctrlPort = sipPort + 2;
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "net_interface 127.0.0.1",
                "audio_player aubridge,nil",
                "audio_source aufile," + source,
                "audio_alert aubridge,nil",
                "ausrc_srate 8000", "auplay_srate 8000", "ausrc_channels 1", "auplay_channels 1",
                "rtp_ports 30000-30999",
                "module_path /usr/lib/baresip/modules",
                "module g711.so", "module aufile.so", "module aubridge.so", "module sndfile.so",
                "module_tmp uuid.so", "module_tmp account.so",
                "module_app menu.so", "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
                "snd_path " + dir,
                "ringback_disabled yes",
                ""), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("accounts"), "<sip:" + number + "@127.0.0.1:" + relaySipPort
                + ";transport=udp>;auth_user=" + number + ";auth_pass=" + password
                + ";answermode=auto;audio_codecs=PCMU;regint=600\n", StandardCharsets.US_ASCII);
        process = new ProcessBuilder("baresip", "-f", dir.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("baresip.log").toFile())
                .start();
        ctrl = connect(ctrlPort);
        ctrlOut = ctrl.getOutputStream();
        reader = new Thread(this::readEvents, "baresip-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Fails with a clear message when a tool the SIP tests run is not installed (.ci/run installs it). */
    static void requireTool(String name) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, name)));
        if (!found) {
            fail(name + " is not installed: the SIP tests run it as a real peer (apt-get install "
                    + (name.equals("sipp") ? "sip-tester" : name) + "; .ci/run does)");
        }
    }

    /** The first of {@code n} consecutive ports free for both UDP and TCP on 127.0.0.1. */
    static int freePortRun(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                base = probe.getLocalPort();
            }
            if (base + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (DatagramSocket u = new DatagramSocket(p, InetAddress.getLoopbackAddress());
                     ServerSocket t = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    free = u.isBound() && t.isBound();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no run of " + n + " free ports");
    }

    private Socket connect(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return s;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("baresip control port " + port + " not up: " + log(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Sends one ctrl_tcp command, e.g. {@code dial sip:123@127.0.0.1:5060}. */
    void command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        synchronized (ctrlOut) {
            ctrlOut.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            ctrlOut.write(body);
            ctrlOut.write(',');
            ctrlOut.flush();
        }
    }

    /** Waits for an event of {@code type} (e.g. REGISTER_OK, CALL_ESTABLISHED); earlier other events are skipped. */
    String expectEvent(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            String e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            assertNotNull(e, "baresip: no " + type + " within " + WAIT_SECONDS + " s; log: " + log());
            if (e.contains("\"type\":\"" + type + "\"")) {
                return e;
            }
        }
    }

    private void readEvents() {
        try {
            InputStream in = ctrl.getInputStream();
            while (true) {
                int len = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < '0' || c > '9') {
                        return;
                    }
                    len = len * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(len);
                in.read(); // the netstring's closing ','
                events.add(new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            events.add("{\"type\":\"CONTROL_CLOSED\",\"why\":\"" + e.getMessage() + "\"}");
        }
    }

    /** The received audio baresip recorded ({@code dump-*-dec.wav}); there is one per call. */
    List<Path> receivedRecordings() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-dec.wav")).sorted().toList();
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("quit", "");
        } catch (IOException e) {
            // Already gone: nothing to ask.
        }
        ctrl.close();
        // A clean quit may wait for SIP timers (~32 s); the recordings are written as calls end, so stop at once.
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
