package org.pippin.protocol;

/**
 * HELLO (0x0B, phone to relay, unreliable): asks for a CHALLENGE to log in with. The client nonce comes back in the
 * CHALLENGE, so the phone knows the answer is to its own HELLO; the padding (zeros, ignored) makes the HELLO at least
 * as long as the CHALLENGE that answers it, so a spoofed source gains no amplification. A relay answers a HELLO
 * shorter than its CHALLENGE with ERROR MALFORMED and nothing else.
 *
 * <pre>
 * +--------------------------------+---------------------------------+
 * | client nonce (16 bytes)        | padding (0..MAX_FRAME-20, zeros) |
 * +--------------------------------+---------------------------------+
 * </pre>
 */
public final class Hello extends Frame {
    /** A HELLO padded to this many bytes is long enough for any CHALLENGE (7 registrar keys). */
    public static final int FULL_SIZE = Challenge.MAX_SIZE;

    private final byte[] clientNonce;
    public final int padding;

    public Hello(byte[] clientNonce, int padding) {
        super(Wire.HELLO);
        if (clientNonce == null || clientNonce.length != Wire.NONCE_SIZE) {
            throw new IllegalArgumentException("client nonce must be " + Wire.NONCE_SIZE + " bytes");
        }
        this.clientNonce = copy(clientNonce);
        this.padding = checkRange(padding, 0, Wire.MAX_FRAME - Wire.HEADER - Wire.NONCE_SIZE, "padding");
    }

    /** A HELLO padded to {@link #FULL_SIZE}: any relay can answer it. */
    public static Hello padded(byte[] clientNonce) {
        return new Hello(clientNonce, FULL_SIZE - Wire.HEADER - Wire.NONCE_SIZE);
    }

    static Frame read(Reader r) throws ProtocolException {
        byte[] nonce = r.raw("client nonce", Wire.NONCE_SIZE);
        return new Hello(nonce, r.remaining());
    }

    public byte[] clientNonce() {
        return copy(clientNonce);
    }

    int bodyLength() {
        return Wire.NONCE_SIZE + padding;
    }

    void writeBody(Writer w) {
        w.raw(clientNonce);
        w.raw(new byte[padding]);
    }

    void describe(StringBuffer sb) {
        sb.append(" nonce=").append(Wire.hex(clientNonce, 0, 4)).append(" padding=").append(padding);
    }

    static byte[] copy(byte[] b) {
        byte[] c = new byte[b.length];
        System.arraycopy(b, 0, c, 0, b.length);
        return c;
    }
}
