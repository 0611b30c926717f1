package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real call through a real relay between two MIDlets in MicroEmulator: A dials B, B auto-answers, each plays its own
 * tone sequence from a WAV, each records what it hears; A hangs up when its audio ends. Both recordings are checked
 * for the sequence the other side sent.
 */
class CallIT {
    /** Segments of 100 ms: A talks 5 s; B 4 s, so B has finished before A hangs up (5 s + 1 s tail). */
    private static final int[] A_TO_B = ToneSequence.random(1001, 50);
    private static final int[] B_TO_A = ToneSequence.random(2002, 40);
    /** The audio plus setup, the tail and slow emulator start-up on a loaded 2-core machine. */
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Duration SIGNAL = Duration.ofSeconds(20);
    private static final double MIN_DELIVERED = 0.95;
    private static final int IP_UDP_HEADER_BYTES = 28;
    private static final Pattern RELAY_ENDED = Pattern.compile(
            "ended: .*voice packets (\\S+)->(\\S+) (\\d+), (\\S+)->(\\S+) (\\d+)");

    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void twoPhonesTalkBothWays_throughOneRelay() throws IOException {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer")
                .send(ToneSequence.render(B_TO_A)).start();
        // A dials as soon as it is registered: B must be attached first.
        assertEquals("2002", b.await("registered", Testbed.START).arg(0));
        UdpTap tap = bed.tap("tapA", relay);
        Phone a = bed.phone("phoneA", "1001").relay(tap).dial("2002").hangUpAtEndOfAudio()
                .send(ToneSequence.render(A_TO_B)).start();

        assertEquals("1001", a.await("registered", Testbed.START).arg(0));
        Event dialing = a.await("dialing", SIGNAL);
        String callId = dialing.arg(0);
        assertEquals("2002", dialing.arg(1));
        Event incoming = b.process().awaitEvent("incoming", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("1001", incoming.arg(1), "caller number shown to the callee");
        a.process().awaitEvent("ringing", e -> e.arg(0).equals(callId), SIGNAL);
        Event answeredA = a.process().awaitEvent("answered", e -> e.arg(0).equals(callId), SIGNAL);
        Event answeredB = b.process().awaitEvent("answered", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals(answeredA.args(), answeredB.args(), "both ends agree on codec and packetization");

        Event endedA = a.process().awaitEvent("ended", e -> e.arg(0).equals(callId), CALL);
        Event endedB = b.process().awaitEvent("ended", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("NORMAL local", endedA.arg(1) + " " + endedA.arg(2));
        assertEquals("NORMAL remote", endedB.arg(1) + " " + endedB.arg(2));
        Event statsA = a.process().awaitEvent("audio-stats", e -> e.arg(0).equals(callId), SIGNAL);
        Event statsB = b.process().awaitEvent("audio-stats", e -> e.arg(0).equals(callId), SIGNAL);
        // Exit-After-Call: the recordings are complete once the emulators have exited.
        assertEquals(0, a.process().awaitExit(SIGNAL), "phone A exit code");
        assertEquals(0, b.process().awaitExit(SIGNAL), "phone B exit code");

        ToneAnalyzer.Result atB = ToneAnalyzer.analyze(WavFile.read(b.recording()), A_TO_B);
        ToneAnalyzer.Result atA = ToneAnalyzer.analyze(WavFile.read(a.recording()), B_TO_A);
        System.out.printf("A -> B audio: %s%nB -> A audio: %s%n", atB, atA);
        report(answeredA, endedA, "A -> B", statsA, statsB);
        report(answeredB, endedB, "B -> A", statsB, statsA);
        relayCounts(relay);
        System.out.printf(Locale.ROOT, "measured at A's UDP tap:%n  A -> relay: %s; first voice %.2f s after A's answered%n"
                        + "  relay -> A: %s; first voice %.2f s after A's answered%n",
                tap.up(), ProcessLog.seconds(answeredA.atNanos(), tap.up().firstVoiceNanos()),
                tap.down(), ProcessLog.seconds(answeredA.atNanos(), tap.down().firstVoiceNanos()));

        atB.check("audio A -> B recorded at B", MIN_DELIVERED);
        atA.check("audio B -> A recorded at A", MIN_DELIVERED);
        assertTrue(statsB.counter("received") >= MIN_DELIVERED * A_TO_B.length,
                "B received " + statsB + " of " + A_TO_B.length + " packets");
        assertTrue(statsA.counter("received") >= MIN_DELIVERED * B_TO_A.length,
                "A received " + statsA + " of " + B_TO_A.length + " packets");
        assertEquals(statsA.counter("sent"), tap.up().voicePackets(), "A's sent count vs. voice packets on the wire");
        assertTrue(tap.down().voicePackets() >= statsA.counter("received"),
                "A cannot receive more voice packets (" + statsA + ") than reached it (" + tap.down() + ")");
    }

    /**
     * Bit rate on the wire for one direction as the phones report it: the sender's voice packets, each with the 4-byte voice header, the codec
     * frames of one packetization interval and 28 bytes of IPv4/UDP, over the time the call was up at the sender.
     */
    private static void report(Event answered, Event ended, String direction, Event senderStats, Event receiverStats) {
        String codec = answered.arg(1).toLowerCase(Locale.ROOT);
        int ptime = Integer.parseInt(answered.arg(2));
        int frameBytes = switch (codec) {
            case "gsm" -> 33;
            case "pcmu" -> 160;
            default -> throw new AssertionError("unknown codec in '" + answered + "'");
        };
        int packetBytes = 4 + ptime / 20 * frameBytes + IP_UDP_HEADER_BYTES;
        long sent = senderStats.counter("sent");
        double seconds = ProcessLog.seconds(answered.atNanos(), ended.atNanos());
        System.out.printf(Locale.ROOT, "%s: %s %d ms, %d B per packet on the wire, %d packets sent in %.2f s "
                        + "(%.2f kbit/s average; nominal %.2f kbit/s while talking); receiver: %s%n",
                direction, codec, ptime, packetBytes, sent, seconds, sent * packetBytes * 8 / seconds / 1000,
                packetBytes * 8.0 / ptime, receiverStats);
    }

    /** The relay's own count of forwarded voice packets per direction, from its end-of-call log line if it has one. */
    private static void relayCounts(Relay relay) {
        relay.process().findLine(l -> RELAY_ENDED.matcher(l).find()).ifPresentOrElse(line -> {
            Matcher m = RELAY_ENDED.matcher(line.text());
            if (m.find()) {
                System.out.printf("relay forwarded %s -> %s: %s packets, %s -> %s: %s packets%n",
                        m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
            }
        }, () -> System.out.println("relay printed no per-call packet counts"));
    }
}
