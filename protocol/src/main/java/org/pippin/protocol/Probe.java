package org.pippin.protocol;

/**
 * PROBE (0x26, phone to relay, unreliable, message id 0): asks a relay, with or without a session, how much room it
 * has, so a phone can time the round trip and pick a relay before it attaches. Anyone may send it, so the relay
 * answers only a PROBE at least as long as its PROBE_REPLY ({@link #PADDED_SIZE}): a forged source gains nothing.
 *
 * <pre>
 * +--------------------------------+---------------------------------+
 * | nonce (8 bytes)                | padding (zeros, ignored)        |
 * +--------------------------------+---------------------------------+
 * </pre>
 */
public final class Probe extends Frame {
    public static final int NONCE_SIZE = 8;
    /** A PROBE of this many bytes (header included) is as long as any PROBE_REPLY: every relay answers it. */
    public static final int PADDED_SIZE = ProbeReply.SIZE;

    private final byte[] nonce;
    public final int padding;

    public Probe(byte[] nonce, int padding) {
        super(Wire.PROBE);
        if (nonce == null || nonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("probe nonce must be " + NONCE_SIZE + " bytes");
        }
        this.nonce = Hello.copy(nonce);
        this.padding = checkRange(padding, 0, Wire.MAX_FRAME - Wire.HEADER - NONCE_SIZE, "padding");
    }

    /** A PROBE padded to {@link #PADDED_SIZE}. */
    public static Probe padded(byte[] nonce) {
        return new Probe(nonce, PADDED_SIZE - Wire.HEADER - NONCE_SIZE);
    }

    static Frame read(Reader r) throws ProtocolException {
        byte[] nonce = r.raw("nonce", NONCE_SIZE);
        return new Probe(nonce, r.remaining());
    }

    public byte[] nonce() {
        return Hello.copy(nonce);
    }

    int bodyLength() {
        return NONCE_SIZE + padding;
    }

    void writeBody(Writer w) {
        w.raw(nonce);
        w.raw(new byte[padding]);
    }

    void describe(StringBuffer sb) {
        sb.append(" nonce=").append(Wire.hex(nonce, 0, NONCE_SIZE)).append(" padding=").append(padding);
    }
}
