package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    static final int[] A_TO_B = ToneSequence.random(1001, 50);
    static final int[] B_TO_A = ToneSequence.random(2002, 40);
    /** The audio plus setup, the tail and slow emulator start-up on a loaded 2-core machine. */
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Duration SIGNAL = Duration.ofSeconds(20);
    /** A's audio, the 1 s tail before its hang-up, and slack for a loaded machine. */
    private static final double MAX_CALL_SECONDS = A_TO_B.length / 10.0 + 1 + 10;
    private static final double MIN_DELIVERED = 0.95;
    /** Per voice packet on the wire besides its payload: IPv4 + UDP; IPv4 + TCP (no options) + 2-byte length. */
    private static final int UDP_OVERHEAD = UdpTap.IP_UDP_HEADER_BYTES;
    private static final int TCP_OVERHEAD = 20 + 20 + 2;
    private static final Pattern RELAY_ENDED = Pattern.compile(
            "ended: .*voice packets (\\S+)->(\\S+) (\\d+), (\\S+)->(\\S+) (\\d+)");

    @RegisterExtension
    final Testbed bed = new Testbed();

    /** What both phones reported about the call. */
    record Call(Event answeredA, Event answeredB, Event endedA, Event endedB, Event statsA, Event statsB) {
    }

    @Test
    void twoPhonesTalkBothWays_overUdp() throws IOException {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer")
                .send(ToneSequence.render(B_TO_A)).start();
        // A dials as soon as it is registered: B must be attached first.
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));
        UdpTap tap = bed.tap("tapA", relay);
        Phone a = bed.phone("phoneA", "1001").relay(tap).dial("2002").hangUpAtEndOfAudio()
                .send(ToneSequence.render(A_TO_B)).start();
        assertEquals("1001 udp", String.join(" ", a.await("registered", Testbed.START).args()));

        Call call = call(a, b);

        report(call, relay, UDP_OVERHEAD, UDP_OVERHEAD);
        System.out.printf(Locale.ROOT, "measured at A's UDP tap:%n  A -> relay: %s; first voice %.2f s after A's "
                        + "answered%n  relay -> A: %s; first voice %.2f s after A's answered%n",
                tap.up(), ProcessLog.seconds(call.answeredA().atNanos(), tap.up().firstVoiceNanos()),
                tap.down(), ProcessLog.seconds(call.answeredA().atNanos(), tap.down().firstVoiceNanos()));
        checkAudio(a, b, call);
        assertEquals(call.statsA().counter("sent"), tap.up().voicePackets(),
                "A's sent count vs. voice packets on the wire");
        assertTrue(tap.down().voicePackets() >= call.statsA().counter("received"),
                "A cannot receive more voice packets (" + call.statsA() + ") than reached it (" + tap.down() + ")");
    }

    /**
     * The check can fail: with every tenth voice packet from A dropped on the wire, B must count exactly those as
     * lost, and its recording must miss exactly those segments, which puts it below the 95 % bar.
     */
    @Test
    void droppedPackets_areCountedLost_andMissingFromTheRecording() throws IOException {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer")
                .send(ToneSequence.render(B_TO_A)).start();
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));
        UdpTap tap = bed.tap("tapA", relay);
        tap.dropUpstreamVoice(10, 5);
        Phone a = bed.phone("phoneA", "1001").relay(tap).dial("2002").hangUpAtEndOfAudio()
                .send(ToneSequence.render(A_TO_B)).start();
        assertEquals("1001 udp", String.join(" ", a.await("registered", Testbed.START).args()));

        Call call = call(a, b);

        long dropped = tap.upstreamVoiceDropped();
        ToneAnalyzer.Result atB = ToneAnalyzer.analyze(WavFile.read(b.recording()), A_TO_B);
        System.out.printf("A -> B with %d of %d voice packets dropped on the wire: %s%n", dropped,
                tap.up().voicePackets(), atB);
        // Segments 5, 15, 25, 35 and 45 of the 50 (the sixth drop falls in the silent tail).
        assertEquals(6, dropped);
        assertEquals(call.statsA().counter("sent") - dropped, call.statsB().counter("received"),
                call.statsB()::toString);
        assertEquals(dropped, call.statsB().counter("lost"), call.statsB()::toString);
        assertEquals(A_TO_B.length - 5, atB.matched(), atB::toString);
        assertEquals(0, atB.unexpected(), atB::toString);
        assertThrows(AssertionError.class, () -> atB.check("lossy A -> B", MIN_DELIVERED));
    }

    /** The fallback path for networks that block UDP: signalling and voice framed on one TCP connection each. */
    @Test
    void twoPhonesTalkBothWays_overTcp() throws IOException {
        Relay relay = bed.relay("relay");
        assertEquals(relay.udpPort(), relay.tcpPort(), "phones know one port for UDP and TCP");
        Phone b = bed.phone("phoneB", "2002").relay(relay).attribute("Pippin-Transport", "tcp")
                .autoAnswer("answer").send(ToneSequence.render(B_TO_A)).start();
        assertEquals("2002 tcp", String.join(" ", b.await("registered", Testbed.START).args()));
        Phone a = bed.phone("phoneA", "1001").relay(relay).attribute("Pippin-Transport", "tcp")
                .dial("2002").hangUpAtEndOfAudio().send(ToneSequence.render(A_TO_B)).start();
        assertEquals("1001 tcp", String.join(" ", a.await("registered", Testbed.START).args()));

        Call call = call(a, b);

        report(call, relay, TCP_OVERHEAD, TCP_OVERHEAD);
        checkAudio(a, b, call);
    }

    /**
     * A's network blocks UDP: A ({@code Pippin-Transport: auto}) gets no answer to REGISTER over UDP, falls back to
     * TCP, and talks to B, who is on UDP; the relay forwards voice between the two transports.
     */
    @Test
    void callerWithUdpBlocked_fallsBackToTcp_andTalksToAPhoneOnUdp() throws IOException {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer")
                .send(ToneSequence.render(B_TO_A)).start();
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));
        UdpBlockedPort blocked = bed.udpBlocked("udpBlockedA", relay);
        Phone a = bed.phone("phoneA", "1001").relay(blocked).attribute("Pippin-Transport", "auto")
                .dial("2002").hangUpAtEndOfAudio().send(ToneSequence.render(A_TO_B)).start();

        // The MIDlet waits 7 s for a UDP answer before it tries TCP.
        assertEquals("1001 tcp", String.join(" ", a.await("registered", Testbed.START.plusSeconds(10)).args()));
        assertTrue(blocked.datagramsSwallowed() > 0, blocked::toString);
        Call call = call(a, b);

        System.out.println(blocked);
        report(call, relay, TCP_OVERHEAD, UDP_OVERHEAD);
        checkAudio(a, b, call);
    }

    /** Follows the call from A (1001) to B (2002) from A's dialing to both phones' exit. */
    static Call call(Phone a, Phone b) {
        return call(a, "1001", b, "2002");
    }

    /** Follows the call from A's dialing to both phones' exit, checking the events on both sides. */
    static Call call(Phone a, String numberA, Phone b, String numberB) {
        Event dialing = a.await("dialing", SIGNAL);
        String callId = dialing.arg(0);
        assertEquals(numberB, dialing.arg(1));
        Event incoming = b.process().awaitEvent("incoming", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals(numberA, incoming.arg(1), "caller number shown to the callee");
        assertEquals("verified", incoming.arg(2), "the caller proved its number");
        a.process().awaitEvent("ringing", e -> e.arg(0).equals(callId), SIGNAL);
        Event answeredA = a.process().awaitEvent("answered", e -> e.arg(0).equals(callId), SIGNAL);
        Event answeredB = b.process().awaitEvent("answered", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals(answeredA.args(), answeredB.args(), "both ends agree on codec and packetization");

        Event endedA = a.process().awaitEvent("ended", e -> e.arg(0).equals(callId), CALL);
        Event endedB = b.process().awaitEvent("ended", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("NORMAL local", endedA.arg(1) + " " + endedA.arg(2));
        double seconds = ProcessLog.seconds(answeredA.atNanos(), endedA.atNanos());
        assertTrue(seconds <= MAX_CALL_SECONDS, String.format(Locale.ROOT,
                "A should hang up 1 s after its %.1f s of audio; the call lasted %.1f s",
                A_TO_B.length / 10.0, seconds));
        assertEquals("NORMAL remote", endedB.arg(1) + " " + endedB.arg(2));
        Event statsA = a.process().awaitEvent("audio-stats", e -> e.arg(0).equals(callId), SIGNAL);
        Event statsB = b.process().awaitEvent("audio-stats", e -> e.arg(0).equals(callId), SIGNAL);
        // Exit-After-Call: the recordings are complete once the emulators have exited.
        assertEquals(0, a.process().awaitExit(SIGNAL), "phone A exit code");
        assertEquals(0, b.process().awaitExit(SIGNAL), "phone B exit code");
        return new Call(answeredA, answeredB, endedA, endedB, statsA, statsB);
    }

    /** Each recording holds the other side's tone sequence, and the phones' packet counts agree. */
    static void checkAudio(Phone a, Phone b, Call call) throws IOException {
        ToneAnalyzer.Result atB = ToneAnalyzer.analyze(WavFile.read(b.recording()), A_TO_B);
        ToneAnalyzer.Result atA = ToneAnalyzer.analyze(WavFile.read(a.recording()), B_TO_A);
        System.out.printf("A -> B audio: %s%nB -> A audio: %s%n", atB, atA);
        atB.check("audio A -> B recorded at B", MIN_DELIVERED);
        atA.check("audio B -> A recorded at A", MIN_DELIVERED);
        assertTrue(call.statsB().counter("received") >= MIN_DELIVERED * A_TO_B.length,
                "B received " + call.statsB() + " of " + A_TO_B.length + " packets");
        assertTrue(call.statsA().counter("received") >= MIN_DELIVERED * B_TO_A.length,
                "A received " + call.statsA() + " of " + B_TO_A.length + " packets");
        assertTrue(call.statsB().counter("received") <= call.statsA().counter("sent"),
                "B received more than A sent: " + call.statsA() + " / " + call.statsB());
        assertTrue(call.statsA().counter("received") <= call.statsB().counter("sent"),
                "A received more than B sent: " + call.statsB() + " / " + call.statsA());
    }

    /** The overheads are per packet as sent by A and by B (they differ when one is on TCP, the other on UDP). */
    static void report(Call call, Relay relay, int overheadA, int overheadB) {
        report("A -> B", call.answeredA(), call.endedA(), call.statsA(), call.statsB(), overheadA);
        report("B -> A", call.answeredB(), call.endedB(), call.statsB(), call.statsA(), overheadB);
        relay.process().findLine(l -> RELAY_ENDED.matcher(l).find()).ifPresentOrElse(line -> {
            Matcher m = RELAY_ENDED.matcher(line.text());
            if (m.find()) {
                System.out.printf("relay forwarded %s -> %s: %s packets, %s -> %s: %s packets%n",
                        m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
            }
        }, () -> System.out.println("relay printed no per-call packet counts"));
    }

    /**
     * Bit rate on the wire for one direction as the phones report it: the sender's voice packets, each with the
     * 4-byte voice header, the codec frames of one packetization interval and the transport's headers, over the time
     * the call was up at the sender.
     */
    private static void report(String direction, Event answered, Event ended, Event senderStats,
                               Event receiverStats, int overheadBytes) {
        String codec = answered.arg(1).toLowerCase(Locale.ROOT);
        int ptime = Integer.parseInt(answered.arg(2));
        int frameBytes = switch (codec) {
            case "gsm" -> 33;
            case "pcmu" -> 160;
            case "speex" -> 15;
            default -> throw new AssertionError("unknown codec in '" + answered + "'");
        };
        // A call sealed end to end carries a 4-byte tag after the codec frames.
        int tag = answered.args().size() > 3 && answered.arg(3).equals("e2e") ? 4 : 0;
        int packetBytes = 4 + ptime / 20 * frameBytes + tag + overheadBytes;
        long sent = senderStats.counter("sent");
        double seconds = ProcessLog.seconds(answered.atNanos(), ended.atNanos());
        System.out.printf(Locale.ROOT, "%s: %s %d ms, %d B per packet on the wire, %d packets sent in %.2f s "
                        + "(%.2f kbit/s average; nominal %.2f kbit/s while talking); receiver: %s%n",
                direction, codec, ptime, packetBytes, sent, seconds, sent * packetBytes * 8 / seconds / 1000,
                packetBytes * 8.0 / ptime, receiverStats);
    }
}
