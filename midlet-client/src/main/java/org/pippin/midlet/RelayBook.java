package org.pippin.midlet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The relays a phone knows: the JAD's seeds first, then those a relay listed (RELAY_LIST or {@code /relays.xml}),
 * each with the spare uplink last heard of it, at most {@link #MAX} in all. Kept in the record store, so the next start
 * knows more than the seeds. Addresses are {@code host:port}, printable ASCII without spaces.
 *
 * <pre>
 * record: u8 version (1) | u8 count | count x (UTF address | u32 spare kbit/s)
 * </pre>
 */
final class RelayBook {

    /** As many as one RELAY_LIST holds: enough fallbacks, small enough for a phone's record store. */
    static final int MAX = 16;
    /** Spare uplink of a relay nobody has told us about yet (a seed): assumed to have room until a probe says. */
    static final long UNKNOWN = -1;
    private static final int VERSION = 1;

    private final String[] addresses = new String[MAX];
    private final long[] spare = new long[MAX];
    private int size;

    int size() {
        return size;
    }

    String address(int i) {
        return addresses[i];
    }

    long spareKbps(int i) {
        return spare[i];
    }

    int indexOf(String address) {
        for (int i = 0; i < size; i++) {
            if (addresses[i].equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds {@code address} (or updates what is known of its room); a new one beyond {@link #MAX} is dropped, and so
     * is anything that is not {@code host:port}. Returns whether the book changed.
     */
    boolean put(String address, long spareKbps) {
        if (!isAddress(address)) {
            return false;
        }
        int i = indexOf(address);
        if (i >= 0) {
            if (spareKbps == UNKNOWN || spare[i] == spareKbps) {
                return false;
            }
            spare[i] = spareKbps;
            return true;
        }
        if (size == MAX) {
            return false;
        }
        addresses[size] = address;
        spare[size] = spareKbps;
        size++;
        return true;
    }

    /** The host of a {@code host:port} address. */
    static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    /** The port of a {@code host:port} address. */
    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** {@code host:port} with a non-empty printable host and a port 1..65535. */
    static boolean isAddress(String a) {
        if (a == null || a.length() > 255) {
            return false;
        }
        int colon = a.lastIndexOf(':');
        if (colon <= 0 || colon == a.length() - 1 || a.length() - colon > 6) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c <= 0x20 || c > 0x7E || i > colon && (c < '0' || c > '9')) {
                return false;
            }
        }
        int port = port(a);
        return port >= 1 && port <= 65535;
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(VERSION);
            out.writeByte(size);
            for (int i = 0; i < size; i++) {
                out.writeUTF(addresses[i]);
                out.writeInt((int) (spare[i] < 0 ? 0xFFFFFFFFL : spare[i]));
            }
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail.
            throw new IllegalStateException("cannot encode relays: " + e.getMessage());
        }
        return bytes.toByteArray();
    }

    /**
     * Adds the relays of a stored record to this book.
     *
     * @throws IOException if the record is damaged
     */
    void merge(byte[] record) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("relays record version " + version + ", expected " + VERSION);
        }
        int count = in.readUnsignedByte();
        if (count > MAX) {
            throw new IOException("relays record of " + count + " relays, at most " + MAX);
        }
        for (int i = 0; i < count; i++) {
            String a = in.readUTF();
            long s = in.readInt() & 0xFFFFFFFFL;
            put(a, s == 0xFFFFFFFFL ? UNKNOWN : s);
        }
    }
}
