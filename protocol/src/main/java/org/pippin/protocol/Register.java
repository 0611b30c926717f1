package org.pippin.protocol;

/**
 * REGISTER (0x01, phone to relay, reliable): claims a number with the device secret and offers codecs.
 *
 * <pre>
 * +--------+--------------------+--------+-----------------------+--------+
 * | digits | number (BCD) ...   | length | secret (1..32 bytes)  | codecs |
 * +--------+--------------------+--------+-----------------------+--------+
 *   u8                            u8                               u8 mask (1 &lt;&lt; codec id)
 * </pre>
 */
public final class Register extends Frame {
    public final String number;
    public final byte[] secret;
    public final int codecMask;

    public Register(String number, byte[] secret, int codecMask) {
        super(Wire.REGISTER);
        this.number = checkNumber(number);
        if (secret == null) {
            throw new IllegalArgumentException("secret is null");
        }
        checkRange(secret.length, Wire.MIN_SECRET, Wire.MAX_SECRET, "secret length");
        this.secret = secret;
        this.codecMask = checkU8(codecMask, "codec mask");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Register(r.number("number"), r.bytes("secret", Wire.MIN_SECRET, Wire.MAX_SECRET),
            r.u8("codec mask"));
    }

    int bodyLength() {
        return Numbers.encodedLength(number) + 1 + secret.length + 1;
    }

    void writeBody(Writer w) {
        w.number(number);
        w.bytes(secret);
        w.u8(codecMask);
    }

    /** The secret is never logged, only its length. */
    void describe(StringBuffer sb) {
        sb.append(" number=").append(number).append(" secret=").append(secret.length).append("B codecs=")
            .append(Wire.codecMaskName(codecMask));
    }
}
