package org.pippin.sip;

import java.util.ArrayList;
import java.util.List;

/**
 * Digits as RFC 4733 telephone events, the RTP packets of a whole sequence at once: each digit is 100 ms of event
 * (a first packet with the marker bit, then the end packet three times, as section 2.5.1.4 advises), digits 200 ms
 * apart in RTP time. A receiver orders them by timestamp, so they may be sent together.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Dtmf {

    /** Samples (8 kHz) of one digit's event and of the step from one digit to the next. */
    static final int EVENT_SAMPLES = 800;
    static final int STEP_SAMPLES = 1600;
    /** -10 dBm0, a level every gateway plays. */
    static final int VOLUME = 10;
    /** Bytes of one event packet: the RTP header and the 4-byte event payload. */
    static final int PACKET = Rtp.HEADER + 4;

    private Dtmf() {
    }

    /**
     * The packets for {@code digits} ('0'-'9'), payload type {@code pt}, sequence numbers from {@code seq} and
     * event timestamps from {@code timestamp}.
     */
    static List<byte[]> packets(String digits, int pt, int seq, long timestamp, int ssrc) {
        List<byte[]> out = new ArrayList<>(digits.length() * 4);
        for (int i = 0; i < digits.length(); i++) {
            int event = digits.charAt(i) - '0';
            if (event < 0 || event > 9) {
                throw new IllegalArgumentException("not a digit: " + digits.charAt(i));
            }
            long ts = (timestamp + (long) i * STEP_SAMPLES) & 0xFFFFFFFFL;
            out.add(packet(true, false, event, EVENT_SAMPLES / 2, pt, seq++ & 0xFFFF, ts, ssrc));
            for (int k = 0; k < 3; k++) {
                out.add(packet(false, true, event, EVENT_SAMPLES, pt, seq++ & 0xFFFF, ts, ssrc));
            }
        }
        return out;
    }

    private static byte[] packet(boolean marker, boolean end, int event, int duration, int pt, int seq, long ts,
            int ssrc) {
        byte[] p = new byte[PACKET];
        write(p, marker, end, event, duration, pt, seq, ts, ssrc);
        return p;
    }

    /** Writes one event packet of {@link #PACKET} bytes at {@code p[0]}; {@code duration} in samples, 0..65535. */
    static void write(byte[] p, boolean marker, boolean end, int event, int duration, int pt, int seq, long ts,
            int ssrc) {
        Rtp.writeHeader(p, 0, marker, pt, seq, ts, ssrc);
        p[Rtp.HEADER] = (byte) event;
        p[Rtp.HEADER + 1] = (byte) ((end ? 0x80 : 0) | VOLUME);
        p[Rtp.HEADER + 2] = (byte) (duration >> 8);
        p[Rtp.HEADER + 3] = (byte) duration;
    }
}
