package org.pippin.protocol;

/**
 * RELAY_LIST (0x25, relay to phone, reliable): the relays of the network as the answering relay's verified directory
 * knows them, most spare uplink first, each with the uplink it has left for calls. Empty when the relay is alone.
 *
 * <pre>
 * +--------+------------------------------------------------------------+
 * | count  | count x ( len | relay "host:port" (ASCII) | spare kbit/s u32 ) |
 * +--------+------------------------------------------------------------+
 * </pre>
 */
public final class RelayList extends Frame {
    /** At most this many relays: enough fallbacks, and the frame stays small for GPRS. */
    public static final int MAX_RELAYS = 16;

    private final String[] relays;
    private final long[] spareKbps;

    public RelayList(String[] relays, long[] spareKbps) {
        super(Wire.RELAY_LIST);
        if (relays.length != spareKbps.length || relays.length > MAX_RELAYS) {
            throw new IllegalArgumentException("relay list of " + relays.length + " addresses and "
                + spareKbps.length + " figures, at most " + MAX_RELAYS);
        }
        int len = 1;
        for (int i = 0; i < relays.length; i++) {
            checkAddress(relays[i]);
            if (spareKbps[i] < 0 || spareKbps[i] > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("spare kbit/s must be a u32, got " + spareKbps[i]);
            }
            len += 1 + relays[i].length() + 4;
        }
        if (len > Wire.MAX_FRAME - Wire.HEADER) {
            throw new IllegalArgumentException("relay list of " + len + " bytes does not fit a frame");
        }
        this.relays = new String[relays.length];
        this.spareKbps = new long[relays.length];
        System.arraycopy(relays, 0, this.relays, 0, relays.length);
        System.arraycopy(spareKbps, 0, this.spareKbps, 0, relays.length);
    }

    static void checkAddress(String relay) {
        if (relay == null || relay.length() == 0 || relay.length() > Wire.MAX_TEXT) {
            throw new IllegalArgumentException("relay address must be 1.." + Wire.MAX_TEXT + " characters");
        }
        for (int i = 0; i < relay.length(); i++) {
            char c = relay.charAt(i);
            if (c <= 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("relay address must be printable ASCII without spaces");
            }
        }
    }

    static Frame read(Reader r) throws ProtocolException {
        int count = r.u8("count");
        if (count > MAX_RELAYS) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "RELAY_LIST count: " + count + ", at most " + MAX_RELAYS);
        }
        String[] relays = new String[count];
        long[] spare = new long[count];
        for (int i = 0; i < count; i++) {
            relays[i] = r.text("relay");
            spare[i] = r.u32("spare") & 0xFFFFFFFFL;
            try {
                checkAddress(relays[i]);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(Wire.ERR_MALFORMED, "RELAY_LIST relay: " + e.getMessage());
            }
        }
        return new RelayList(relays, spare);
    }

    public int size() {
        return relays.length;
    }

    public String relay(int i) {
        return relays[i];
    }

    public long spareKbps(int i) {
        return spareKbps[i];
    }

    int bodyLength() {
        int len = 1;
        for (int i = 0; i < relays.length; i++) {
            len += 1 + relays[i].length() + 4;
        }
        return len;
    }

    void writeBody(Writer w) {
        w.u8(relays.length);
        for (int i = 0; i < relays.length; i++) {
            w.text(relays[i]);
            w.u32((int) spareKbps[i]);
        }
    }

    void describe(StringBuffer sb) {
        sb.append(" count=").append(relays.length);
        for (int i = 0; i < relays.length; i++) {
            sb.append(' ').append(relays[i]).append('/').append(spareKbps[i]);
        }
    }
}
