package org.pippin.protocol;

/**
 * ERROR (0x09, both ways, unreliable): a request failed; code is a {@code Wire.ERR_*}.
 *
 * <pre>
 * +--------+--------+--------------------------+
 * |  code  | length | detail (ASCII, 0..255)   |
 * +--------+--------+--------------------------+
 * </pre>
 *
 * The detail is for logs and people and never parsed: it is cut to 255 characters and every character that is not
 * printable ASCII becomes '?', so it cannot break a log line.
 */
public final class ErrorFrame extends Frame {
    public final int code;
    public final String detail;

    public ErrorFrame(int code, String detail) {
        super(Wire.ERROR);
        this.code = checkU8(code, "code");
        this.detail = printable(detail);
    }

    static Frame read(Reader r) throws ProtocolException {
        return new ErrorFrame(r.u8("code"), r.text("detail"));
    }

    int bodyLength() {
        return 2 + detail.length();
    }

    void writeBody(Writer w) {
        w.u8(code);
        w.text(detail);
    }

    void describe(StringBuffer sb) {
        sb.append(' ').append(Wire.errorName(code));
        if (detail.length() > 0) {
            sb.append(" \"").append(detail).append('"');
        }
    }

    static String printable(String text) {
        if (text == null) {
            return "";
        }
        int len = text.length() < Wire.MAX_TEXT ? text.length() : Wire.MAX_TEXT;
        char[] chars = new char[len];
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            chars[i] = c >= 0x20 && c < 0x7F ? c : '?';
        }
        return new String(chars);
    }
}
