package org.pippin.protocol;

/**
 * A signalling frame of a type this version does not know (sent by a newer peer). Its body is skipped; it is still
 * acknowledged when its message id is not 0. Never encoded.
 */
public final class UnknownFrame extends Frame {
    /** Body bytes that were skipped. */
    public final int skippedBytes;

    public UnknownFrame(int type) {
        this(type, 0);
    }

    UnknownFrame(int type, int skippedBytes) {
        super(checkU8(type, "type"));
        this.skippedBytes = skippedBytes;
    }

    int bodyLength() {
        throw new IllegalArgumentException("an unknown frame (type " + type + ") cannot be encoded");
    }

    void writeBody(Writer w) {
        throw new IllegalArgumentException("an unknown frame (type " + type + ") cannot be encoded");
    }

    void describe(StringBuffer sb) {
        sb.append(" body=").append(skippedBytes).append('B');
    }
}
