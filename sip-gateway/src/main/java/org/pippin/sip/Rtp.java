package org.pippin.sip;

/**
 * RTP packets (RFC 3550) as the SIP side sends and reads them, on {@code (byte[], offset, length)}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             SSRC                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            CSRC list (CC x 32 bits), extension (if X)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                payload ... | padding (if P, last byte = count) |
 * </pre>
 */
final class Rtp {

    static final int HEADER = 12;
    static final int PT_PCMU = 0;
    /** The dynamic payload type the SIP side offers for RFC 4733 telephone events. */
    static final int PT_EVENT = 101;

    private Rtp() {
    }

    static void writeHeader(byte[] buf, int off, boolean marker, int pt, int seq, long timestamp, int ssrc) {
        buf[off] = (byte) 0x80;
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | pt);
        buf[off + 2] = (byte) (seq >> 8);
        buf[off + 3] = (byte) seq;
        buf[off + 4] = (byte) (timestamp >> 24);
        buf[off + 5] = (byte) (timestamp >> 16);
        buf[off + 6] = (byte) (timestamp >> 8);
        buf[off + 7] = (byte) timestamp;
        buf[off + 8] = (byte) (ssrc >> 24);
        buf[off + 9] = (byte) (ssrc >> 16);
        buf[off + 10] = (byte) (ssrc >> 8);
        buf[off + 11] = (byte) ssrc;
    }

    static int payloadType(byte[] buf, int off) {
        return buf[off + 1] & 0x7F;
    }

    static boolean marker(byte[] buf, int off) {
        return (buf[off + 1] & 0x80) != 0;
    }

    static long timestamp(byte[] buf, int off) {
        return ((buf[off + 4] & 0xFFL) << 24) | ((buf[off + 5] & 0xFF) << 16) | ((buf[off + 6] & 0xFF) << 8)
                | (buf[off + 7] & 0xFF);
    }

    /**
     * Where the payload starts, after CSRCs and any header extension, or -1 if the packet is not RTP version 2 or is
     * shorter than its own header says.
     */
    static int payloadOffset(byte[] buf, int off, int len) {
        if (len < HEADER || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int at = HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (len < at + 4) {
                return -1;
            }
            at += 4 + 4 * (((buf[off + at + 2] & 0xFF) << 8) | (buf[off + at + 3] & 0xFF));
        }
        return at <= payloadEnd(buf, off, len) ? at : -1;
    }

    /** Where the payload ends: before the padding the P bit announces (the packet's last byte counts it). */
    static int payloadEnd(byte[] buf, int off, int len) {
        if ((buf[off] & 0x20) == 0) {
            return len;
        }
        return len - (buf[off + len - 1] & 0xFF);
    }
}
