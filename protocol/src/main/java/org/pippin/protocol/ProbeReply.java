package org.pippin.protocol;

/**
 * PROBE_REPLY (0x27, relay to phone, unreliable, message id 0): the PROBE's nonce, the uplink the relay has left for
 * calls and how many more phones it takes. A phone picks the quickest relay whose spare uplink holds a call and which
 * takes phones.
 *
 * <pre>
 * +--------------------------------+-------------------------+-----------------+
 * | nonce (8 bytes, the PROBE's)   | spare uplink kbit/s u32 | free phones u16 |
 * +--------------------------------+-------------------------+-----------------+
 * </pre>
 */
public final class ProbeReply extends Frame {
    /** Bytes of a PROBE_REPLY, header included. */
    public static final int SIZE = Wire.HEADER + Probe.NONCE_SIZE + 4 + 2;

    private final byte[] nonce;
    public final long spareKbps;
    /** Phones the relay still takes, at most 65535 (more is said as 65535). */
    public final int freePhones;

    public ProbeReply(byte[] nonce, long spareKbps, int freePhones) {
        super(Wire.PROBE_REPLY);
        if (nonce == null || nonce.length != Probe.NONCE_SIZE) {
            throw new IllegalArgumentException("probe nonce must be " + Probe.NONCE_SIZE + " bytes");
        }
        if (spareKbps < 0 || spareKbps > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("spare kbit/s must be a u32, got " + spareKbps);
        }
        this.nonce = Hello.copy(nonce);
        this.spareKbps = spareKbps;
        this.freePhones = checkU16(freePhones, "free phones");
    }

    static Frame read(Reader r) throws ProtocolException {
        byte[] nonce = r.raw("nonce", Probe.NONCE_SIZE);
        long spare = r.u32("spare") & 0xFFFFFFFFL;
        int free = r.u16("free phones");
        return new ProbeReply(nonce, spare, free);
    }

    public byte[] nonce() {
        return Hello.copy(nonce);
    }

    /** Whether this answers the PROBE that carried {@code sent}. */
    public boolean answers(byte[] sent) {
        if (sent == null || sent.length != Probe.NONCE_SIZE) {
            return false;
        }
        for (int i = 0; i < Probe.NONCE_SIZE; i++) {
            if (sent[i] != nonce[i]) {
                return false;
            }
        }
        return true;
    }

    int bodyLength() {
        return SIZE - Wire.HEADER;
    }

    void writeBody(Writer w) {
        w.raw(nonce);
        w.u32((int) spareKbps);
        w.u16(freePhones);
    }

    void describe(StringBuffer sb) {
        sb.append(" nonce=").append(Wire.hex(nonce, 0, Probe.NONCE_SIZE)).append(" spare=").append(spareKbps)
            .append("kbit/s free=").append(freePhones);
    }
}
