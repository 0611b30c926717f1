package org.pippin.identity;

/**
 * VOICEMAIL_SETTINGS: how the owner of a number wants its voicemail, signed with the key that owns the number. The
 * relays that serve the number keep the newest one (by {@code time}); the email address never leaves them.
 *
 * <pre>
 * +------+---------+--------------+------------+------+-------+------+----------+-------+-------------+-----------+
 * | type | version | number (BCD) | public key | time | flags | ring | greeting | len   | email ASCII | signature |
 * +------+---------+--------------+------------+------+-------+------+----------+-------+-------------+-----------+
 *   0x30   0x01      1 + (n+1)/2    32 bytes     u32    u8      u8 s   u8         u8      0..120        64 bytes
 * </pre>
 *
 * flags: bit 0 email each message to {@code email}, bit 1 delete a message once it is emailed. ring: seconds the
 * phone rings before the call goes to voicemail (0: the relay's default). greeting: 0 the default greetings,
 * 1 the owner's recorded ones where there are.
 */
public final class VoicemailSettings extends SignedRecord {
    public static final int FLAG_EMAIL = 1;
    public static final int FLAG_DELETE_AFTER_EMAIL = 2;
    public static final int GREETING_DEFAULT = 0;
    public static final int GREETING_OWN = 1;
    /** Longest email address kept. */
    public static final int MAX_EMAIL = 120;
    public static final int MAX_LENGTH = 2 + 11 + IdentityKey.PUBLIC_KEY_SIZE + 4 + 3 + 1 + MAX_EMAIL
        + IdentityKey.SIGNATURE_SIZE;

    public final String number;
    private final byte[] publicKey;
    public final long time;
    public final int flags;
    public final int ringSeconds;
    public final int greeting;
    /** The address, or "" for none. */
    public final String email;

    private VoicemailSettings(byte[] bytes, String number, byte[] publicKey, long time, int flags, int ringSeconds,
            int greeting, String email) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.number = number;
        this.publicKey = publicKey;
        this.time = time;
        this.flags = flags;
        this.ringSeconds = ringSeconds;
        this.greeting = greeting;
        this.email = email;
    }

    /** @throws IllegalArgumentException for a field out of range or an address {@link #isValidEmail} refuses */
    public static VoicemailSettings sign(IdentityKey key, String number, long time, int flags, int ringSeconds,
            int greeting, String email) {
        if (flags < 0 || flags > 3 || ringSeconds < 0 || ringSeconds > 255 || greeting < 0 || greeting > 1) {
            throw new IllegalArgumentException("flags " + flags + ", ring " + ringSeconds + " or greeting "
                + greeting + " out of range");
        }
        if (email.length() > 0 && !isValidEmail(email)) {
            throw new IllegalArgumentException("not an email address: " + email);
        }
        if ((flags & FLAG_EMAIL) != 0 && email.length() == 0) {
            throw new IllegalArgumentException("email flag set without an address");
        }
        byte[] publicKey = key.publicKey();
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.VOICEMAIL_SETTINGS).u8(Records.VERSION)
            .number(Records.checkNumber(number, "number", false)).raw(publicKey).u32(Records.checkTime(time, "time"))
            .u8(flags).u8(ringSeconds).u8(greeting).u8(email.length()).raw(ascii(email));
        return new VoicemailSettings(sign(key, Records.VOICEMAIL_SETTINGS, w), number, publicKey, time, flags,
            ringSeconds, greeting, email);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static VoicemailSettings decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.VOICEMAIL_SETTINGS);
        String number = r.number("number");
        if (number.length() == 0) {
            throw r.error("number: empty");
        }
        byte[] publicKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "public key");
        long time = r.u32("time");
        int flags = r.u8("flags");
        if (flags > 3) {
            throw r.error("flags: 0x" + Integer.toHexString(flags) + " has unknown bits");
        }
        int ring = r.u8("ring");
        int greeting = r.u8("greeting");
        if (greeting > GREETING_OWN) {
            throw r.error("greeting: " + greeting + ", expected 0 or 1");
        }
        int emailLength = r.u8("email");
        if (emailLength > MAX_EMAIL) {
            throw r.error("email: length " + emailLength + ", at most " + MAX_EMAIL);
        }
        byte[] e = r.raw(emailLength, "email");
        char[] chars = new char[e.length];
        for (int i = 0; i < e.length; i++) {
            chars[i] = (char) (e[i] & 0xFF);
        }
        String email = new String(chars);
        if (email.length() > 0 && !isValidEmail(email)) {
            throw r.error("email: not an address");
        }
        if ((flags & FLAG_EMAIL) != 0 && email.length() == 0) {
            throw r.error("email: empty with the email flag set");
        }
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new VoicemailSettings(slice(buf, off, len), number, publicKey, time, flags, ring, greeting, email);
    }

    /**
     * A plain address: printable ASCII without spaces, quotes or angle brackets (so it can never break a mail header),
     * one '@' with text on both sides and a dot in the domain, at most {@link #MAX_EMAIL} characters.
     */
    public static boolean isValidEmail(String email) {
        int at = email.indexOf('@');
        if (email.length() > MAX_EMAIL || at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1
            || email.indexOf('.', at) < 0) {
            return false;
        }
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '(' || c == ')' || c == ','
                || c == ';' || c == ':' || c == '\\' || c == '[' || c == ']') {
                return false;
            }
        }
        return true;
    }

    public byte[] publicKey() {
        return Records.copy(publicKey);
    }

    public boolean emails() {
        return (flags & FLAG_EMAIL) != 0;
    }

    public boolean deletesAfterEmail() {
        return (flags & FLAG_DELETE_AFTER_EMAIL) != 0;
    }

    /** Whether the settings are signed by their own key (the relay also checks that this key owns the number). */
    public boolean verify() {
        return verifySignature(publicKey);
    }

    /** For logs: the address is private to the owner and its relays, so it is never shown. */
    public String toString() {
        return "VOICEMAIL_SETTINGS number=" + number + " key=" + IdentityKey.fingerprint(publicKey) + " time=" + time
            + " flags=" + flags + " ring=" + ringSeconds + " greeting=" + greeting + " email="
            + (email.length() == 0 ? "none" : "set");
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
