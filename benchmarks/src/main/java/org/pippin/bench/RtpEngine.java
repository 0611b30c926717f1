package org.pippin.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rtpengine (Debian {@code rtpengine-daemon}) as a plain foreground process with userspace forwarding only
 * ({@code table = -1}), driven over its "ng" control protocol: {@code cookie␠<bencoded dict>} over UDP.
 */
final class RtpEngine implements AutoCloseable {

    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    private final Proc proc;
    private final java.net.DatagramSocket control;
    private final InetSocketAddress ng;
    private int cookie;

    RtpEngine(Path dir, int ngPort, int portMin, int portMax, String cpus) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/rtpengine");
        if (!Files.isExecutable(binary)) {
            throw new IOException("rtpengine missing: apt-get install -y --no-install-recommends rtpengine-daemon");
        }
        Path conf = dir.resolve("rtpengine.conf");
        // Without our own file it would read /etc/rtpengine/rtpengine.conf; delete-delay 0 frees ports at once.
        // Flags without a value are not accepted in the file (it exits 255 silently): "= true".
        Files.writeString(conf, String.join("\n", "[rtpengine]", "table = -1", "interface = 127.0.0.1",
                "listen-ng = 127.0.0.1:" + ngPort, "port-min = " + portMin, "port-max = " + portMax,
                "delete-delay = 0", "timeout = 3600", "silent-timeout = 3600",
                // Level 6 (info) for its "Startup complete" line; it logs per call, not per packet.
                "log-level = 6", "log-stderr = true", "foreground = true", "num-threads = 2", ""));
        List<String> cmd = new ArrayList<>();
        if (!cpus.isEmpty()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(List.of(binary.toString(), "--config-file=" + conf, "--pidfile=" + dir.resolve("rtpengine.pid")));
        proc = new Proc(cmd, "Startup complete");
        ng = new InetSocketAddress("127.0.0.1", ngPort);
        control = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
        control.setSoTimeout(5000);
        Map<String, Object> pong = command(Map.of("command", "ping"));
        if (!"pong".equals(pong.get("result"))) {
            throw new IOException("rtpengine ping: " + pong);
        }
    }

    Proc process() {
        return proc;
    }

    /**
     * Sets up one call between A (at {@code a}) and B (at {@code b}) for PCMU at {@code ptime} ms. Returns {the port A
     * sends to, the port B sends to} on 127.0.0.1.
     */
    int[] call(String callId, InetSocketAddress a, InetSocketAddress b, int ptime) throws IOException {
        Map<String, Object> offer = new TreeMap<>();
        offer.put("command", "offer");
        offer.put("call-id", callId);
        offer.put("from-tag", callId + "a");
        offer.put("sdp", sdp(a, ptime));
        offer.put("flags", List.of("trust-address"));
        int bSendsTo = port(command(offer));
        Map<String, Object> answer = new TreeMap<>(offer);
        answer.put("command", "answer");
        answer.put("to-tag", callId + "b");
        answer.put("sdp", sdp(b, ptime));
        int aSendsTo = port(command(answer));
        return new int[] {aSendsTo, bSendsTo};
    }

    private static int port(Map<String, Object> reply) throws IOException {
        Object sdp = reply.get("sdp");
        Matcher m = AUDIO_PORT.matcher(sdp == null ? "" : sdp.toString());
        if (!"ok".equals(reply.get("result")) || !m.find()) {
            throw new IOException("rtpengine: " + reply);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String sdp(InetSocketAddress at, int ptime) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + at.getPort()
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:" + ptime + "\r\na=sendrecv\r\n";
    }

    private Map<String, Object> command(Map<String, Object> dict) throws IOException {
        String c = Integer.toString(++cookie);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((c + " ").getBytes(StandardCharsets.US_ASCII));
        encode(dict, out);
        byte[] req = out.toByteArray();
        control.send(new java.net.DatagramPacket(req, req.length, ng));
        byte[] buf = new byte[65536];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        while (true) {
            try {
                control.receive(p);
            } catch (SocketTimeoutException e) {
                throw new IOException("rtpengine did not answer " + dict.get("command"), e);
            }
            String s = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (s.startsWith(c + " ")) {
                int[] pos = {c.length() + 1};
                @SuppressWarnings("unchecked")
                Map<String, Object> reply = (Map<String, Object>) decode(buf, pos, p.getLength());
                return reply;
            }
        }
    }

    // ---- bencode: strings, integers, lists, dictionaries (keys sorted) ----

    private static void encode(Object o, ByteArrayOutputStream out) {
        if (o instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else if (o instanceof Integer || o instanceof Long) {
            out.writeBytes(("i" + o + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (o instanceof List<?> l) {
            out.write('l');
            l.forEach(e -> encode(e, out));
            out.write('e');
        } else if (o instanceof Map<?, ?> m) {
            out.write('d');
            new TreeMap<>(m).forEach((k, v) -> {
                encode(k, out);
                encode(v, out);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + o);
        }
    }

    private static Object decode(byte[] b, int[] pos, int end) throws IOException {
        if (pos[0] >= end) {
            throw new IOException("bencode: truncated");
        }
        byte t = b[pos[0]];
        if (t == 'i') {
            int e = indexOf(b, (byte) 'e', pos[0], end);
            long v = Long.parseLong(new String(b, pos[0] + 1, e - pos[0] - 1, StandardCharsets.US_ASCII));
            pos[0] = e + 1;
            return v;
        } else if (t == 'l' || t == 'd') {
            pos[0]++;
            List<Object> items = new ArrayList<>();
            while (pos[0] < end && b[pos[0]] != 'e') {
                items.add(decode(b, pos, end));
            }
            pos[0]++;
            if (t == 'l') {
                return items;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                m.put(items.get(i).toString(), items.get(i + 1));
            }
            return m;
        } else if (t >= '0' && t <= '9') {
            int colon = indexOf(b, (byte) ':', pos[0], end);
            int len = Integer.parseInt(new String(b, pos[0], colon - pos[0], StandardCharsets.US_ASCII));
            if (colon + 1 + len > end) {
                throw new IOException("bencode: string of " + len + " bytes past the end");
            }
            pos[0] = colon + 1 + len;
            return new String(b, colon + 1, len, StandardCharsets.UTF_8);
        }
        throw new IOException("bencode: unexpected byte " + t + " at " + pos[0]);
    }

    private static int indexOf(byte[] b, byte x, int from, int end) throws IOException {
        for (int i = from; i < end; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        throw new IOException("bencode: no '" + (char) x + "' after " + from);
    }

    @Override
    public void close() {
        control.close();
        proc.close();
    }
}
