package org.pippin.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pippin.sip.SipPasswords;

/**
 * Calls per second through the relay's SIP side, driven by SIPp: {@code pairs} caller and callee numbers register
 * with digest authentication (one SIPp run), a SIPp UAS answers every call at once for all callees, and a SIPp UAC
 * places calls at each offered rate: INVITE, 407, INVITE with credentials, 180/200, ACK, {@code duration-ms} of call,
 * BYE. Every call crosses the relay twice as SIP (caller's leg in, callee's leg out), with a Pippin call between the
 * two lines, two RTP ports bound and a digest check per call. The rival, Kamailio as a stateful proxy without
 * authentication or media, gets the same offered rates in the same run (caller → Kamailio → the same UAS). Prints one
 * table with both: successful and failed calls, the rate achieved and the CPU per call of each server.
 */
final class SipLoadBench {

    private static final String REALM = "pippin";

    private SipLoadBench() {
    }

    static void main(Args args) throws Exception {
        int pairs = args.integer("pairs", 2000);
        int[] rates = args.ints("rates", "100,200,400,800");
        int seconds = args.integer("seconds", 5);
        int durationMs = args.integer("duration-ms", 100);
        requireSipp();
        Path dir = Files.createTempDirectory("pippin-bench-sip");
        int sipPort = freePort();
        int uasPort = freePort();
        writeUsers(dir, pairs, uasPort);
        for (String name : new String[] {"register.xml", "uac.xml", "uac-noauth.xml", "uas.xml"}) {
            try (InputStream in = SipLoadBench.class.getResourceAsStream("/sipp/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        System.out.printf("SIP side under SIPp: %d caller/callee pairs, %d s per rate, calls of %d ms; load average %s%n",
                pairs, seconds, durationMs, Proc.loadAverage());
        Proc relay = Relay.start(0, dir.resolve("data"), args.string("relay-cpus", ""), List.of(),
                "registrar.enabled=false", "sip.enabled=true", "sip.port=" + sipPort, "sip.rtp.ports=20000-29999",
                "limits.phones=" + (2 * pairs + 10), "limits.calls=16000", "log.level=warn");
        Process uas = null;
        Kamailio kamailio = null;
        boolean anyFailed = false;
        try {
            uas = new ProcessBuilder("sipp", "-sf", dir.resolve("uas.xml").toString(), "-i", "127.0.0.1", "-p",
                    // In the foreground (no -bg, which forks away from this handle), so destroy() below ends it.
                    String.valueOf(uasPort), "-mp", String.valueOf(freePort()), "-nostdin")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("uas.out").toFile()).start();
            kamailio = Kamailio.start(dir, freePort(), uasPort);
            System.out.println("rival: " + Proc.run(List.of("kamailio", "-v")).lines().findFirst().orElse("kamailio")
                    .replace("version: ", "").trim() + ", stateful proxy (tm, sl, rr, maxfwd), " + Kamailio.CHILDREN
                    + " UDP workers");
            long t0 = System.nanoTime();
            Stats reg = sipp(dir, "register.xml", "reg.csv", sipPort, 2 * pairs, args.integer("register-rate", 200),
                    0, 300);
            double regSeconds = (System.nanoTime() - t0) / 1e9;
            if (reg.failed > 0 || reg.successful != 2 * pairs) {
                throw new IOException("registration failed: " + reg + "; relay: " + relay.lastLines());
            }
            System.out.printf("registered %d numbers with digest in %.1f s (%.0f REGISTER pairs/s, SIPp's own pace"
                    + " included)%n%n", 2 * pairs, regSeconds, 2 * pairs / regSeconds);
            System.out.println("| offered calls/s | system | calls | successful | failed | achieved calls/s | CPU (% of"
                    + " a core) | CPU per call |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int rate : rates) {
                int calls = rate * seconds;
                if (rate * (durationMs + 1000) / 1000 > pairs) {
                    System.out.printf("| %d | Pippin relay | skipped: %d pairs cannot carry %d calls at once |%n",
                            rate, pairs, rate * (durationMs + 1000) / 1000);
                } else {
                    anyFailed |= row(dir, rate, "Pippin relay", "uac.xml", sipPort, calls, durationMs, seconds,
                            () -> relay.cpuNanos(""));
                }
                anyFailed |= row(dir, rate, "Kamailio", "uac-noauth.xml", kamailio.port(), calls, durationMs,
                        seconds, kamailio::cpuNanos);
            }
        } finally {
            if (kamailio != null) {
                kamailio.close();
            }
            if (uas != null) {
                uas.destroy();
                if (!uas.waitFor(5, TimeUnit.SECONDS)) {
                    uas.destroyForcibly();
                }
            }
            relay.close();
        }
        if (anyFailed) {
            System.out.printf("%nworking directory kept (scenarios, SIPp logs): %s%n", dir);
        } else {
            Bench.deleteTree(dir);
        }
    }

    /** CPU nanoseconds of the system under test, summed over whatever processes and threads it has. */
    private interface CpuClock {
        long nanos() throws IOException;
    }

    /** One SIPp UAC run at {@code rate} against one system and its table row; true if a call failed. */
    private static boolean row(Path dir, int rate, String system, String scenario, int port, int calls,
            int durationMs, int seconds, CpuClock cpuClock) throws IOException, InterruptedException {
        long cpu0 = cpuClock.nanos();
        long w0 = System.nanoTime();
        Stats s = sipp(dir, scenario, "calls.csv", port, calls, rate, durationMs, seconds * 4L + 60);
        double wall = (System.nanoTime() - w0) / 1e9;
        long cpu = cpuClock.nanos() - cpu0;
        // The last calls end a call's length after the last INVITE; that tail is not the server's pace.
        double active = Math.max(0.001, wall - durationMs / 1000.0);
        if (s.failed > 0) {
            System.out.printf("(failed calls to %s: SIPp's reasons in %s/%s_*_errors.log)%n", system, dir,
                    scenario.replace(".xml", ""));
        }
        System.out.printf("| %d | %s | %d | %d | %d | %.0f | %.0f | %.0f µs |%n", rate, system, calls, s.successful,
                s.failed, s.successful / active, 100.0 * cpu / (wall * 1e9),
                s.successful == 0 ? 0.0 : cpu / 1000.0 / s.successful);
        return s.failed > 0;
    }

    private static void requireSipp() throws IOException, InterruptedException {
        try {
            Proc.run(List.of("sipp", "-v"));
        } catch (IOException e) {
            // sipp -v exits non-zero on some versions: only a missing binary is fatal.
            if (e.getMessage().contains("Cannot run program")) {
                throw new IOException("sipp is missing: apt-get install -y --no-install-recommends sip-tester", e);
            }
        }
    }

    /** Callers 5552xxxx, callees 5553xxxx; their SIP password hashes; SIPp injection files for both runs. */
    private static void writeUsers(Path dir, int pairs, int uasPort) throws IOException {
        List<String> hashes = new ArrayList<>();
        List<String> reg = new ArrayList<>(List.of("SEQUENTIAL"));
        List<String> calls = new ArrayList<>(List.of("SEQUENTIAL"));
        for (int i = 0; i < pairs; i++) {
            String a = String.format("5552%04d", i);
            String b = String.format("5553%04d", i);
            for (String n : new String[] {a, b}) {
                hashes.add(n + " " + REALM + " " + HexFormat.of().formatHex(SipPasswords.ha1(n, REALM, password(n))));
                // Calls to a callee go to the UAS; callers are never called, their contact is the same harmless one.
                reg.add(n + ";" + auth(n) + ";" + uasPort);
            }
            calls.add(a + ";" + auth(a) + ";" + b);
        }
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data").resolve(SipPasswords.FILE), hashes, StandardCharsets.US_ASCII);
        Files.write(dir.resolve("reg.csv"), reg, StandardCharsets.US_ASCII);
        Files.write(dir.resolve("calls.csv"), calls, StandardCharsets.US_ASCII);
    }

    private static String password(String number) {
        return "bench-" + number + "-secret";
    }

    /** SIPp takes per-line credentials as an {@code [authentication]} keyword in an injection field. */
    private static String auth(String number) {
        return "[authentication username=" + number + " password=" + password(number) + "]";
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** What SIPp counted in one run. */
    private record Stats(long successful, long failed) {
    }

    private static Stats sipp(Path dir, String scenario, String users, int sipPort, int calls, int rate,
            int durationMs, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sipp", "127.0.0.1:" + sipPort, "-sf",
                dir.resolve(scenario).toString(), "-inf", dir.resolve(users).toString(), "-i", "127.0.0.1",
                "-p", String.valueOf(freePort()), "-mp", String.valueOf(freePort()), "-m", String.valueOf(calls),
                "-r", String.valueOf(rate), "-l", String.valueOf(Math.max(100, rate * 4)), "-nostdin",
                "-timeout", timeoutSeconds + "s", "-timeout_error",
                // A call that loses a message fails after 5 s instead of holding the run for SIP's 32 s timers.
                "-recv_timeout", "5000", "-trace_err"));
        if (durationMs > 0) {
            cmd.addAll(List.of("-d", String.valueOf(durationMs)));
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return new Stats(counter(out, "Successful call"), counter(out, "Failed call"));
    }

    /** A cumulative counter from SIPp's final statistics screen. */
    private static long counter(String screen, String name) throws IOException {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)").matcher(screen);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        if (last < 0) {
            throw new IOException("SIPp printed no '" + name + "' counter:\n" + screen);
        }
        return last;
    }
}
