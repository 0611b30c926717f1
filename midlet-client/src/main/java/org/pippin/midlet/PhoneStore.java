package org.pippin.midlet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Vector;

import javax.microedition.rms.RecordStore;
import javax.microedition.rms.RecordStoreException;

/**
 * What the phone keeps between runs, in one RMS record store: its identity key (record 1), the seed of its random
 * generator (record 2, rewritten at every start), the numbers it owns with their block lists (record 3) and the
 * network's time minus the phone's clock in seconds (record 4, a u64; empty until learnt) and the registrar keys it
 * trusts (record 5, 32 bytes each; empty until the first CHALLENGE) and the relays it knows (record 6, a
 * {@link RelayBook} record; empty until a relay listed some) and the linked numbers (record 7, a
 * {@link LinkedSet} record; empty until the first list was accepted).
 *
 * <pre>
 * record 3: u8 version (1) | UTF active number ("" for none) | u8 count | count x number entry
 * number entry: UTF number | u32 block list sequence | u8 block anonymous | u8 n | n x UTF blocked number
 *               | u8 p | p x UTF blocked prefix
 * </pre>
 */
final class PhoneStore {

    private static final String NAME = "pippin-keys";
    /** The store of the MIDlet's first versions (a device secret): nothing in it is of use with keys. */
    private static final String OLD_NAME = "pippin";
    private static final int KEY_RECORD = 1;
    private static final int SEED_RECORD = 2;
    private static final int NUMBERS_RECORD = 3;
    private static final int TIME_RECORD = 4;
    private static final int REGISTRARS_RECORD = 5;
    private static final int RELAYS_RECORD = 6;
    private static final int LINKS_RECORD = 7;
    private static final int KEY_SIZE = 32;
    private static final int VERSION = 1;

    private final RecordStore store;

    PhoneStore() throws RecordStoreException {
        String[] names = RecordStore.listRecordStores();
        for (int i = 0; names != null && i < names.length; i++) {
            if (OLD_NAME.equals(names[i])) {
                RecordStore.deleteRecordStore(OLD_NAME);
            }
        }
        store = RecordStore.openRecordStore(NAME, true);
        while (store.getNumRecords() < LINKS_RECORD) {
            store.addRecord(new byte[0], 0, 0);
        }
    }

    /** The encoded identity key, or null before the first one is made. */
    byte[] key() throws RecordStoreException {
        return nonEmpty(store.getRecord(KEY_RECORD));
    }

    void saveKey(byte[] encoded) throws RecordStoreException {
        store.setRecord(KEY_RECORD, encoded, 0, encoded.length);
    }

    byte[] seed() throws RecordStoreException {
        return nonEmpty(store.getRecord(SEED_RECORD));
    }

    void saveSeed(byte[] seed) throws RecordStoreException {
        store.setRecord(SEED_RECORD, seed, 0, seed.length);
    }

    /**
     * The owned numbers into {@code out}; returns the active one (or null).
     *
     * @throws IOException if the record is damaged
     */
    String numbers(Vector out) throws RecordStoreException, IOException {
        byte[] b = store.getRecord(NUMBERS_RECORD);
        if (b == null || b.length == 0) {
            return null;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("numbers record version " + version + ", expected " + VERSION);
        }
        String active = in.readUTF();
        int count = in.readUnsignedByte();
        for (int i = 0; i < count; i++) {
            MyNumber n = new MyNumber(in.readUTF());
            n.blockSequence = in.readInt() & 0xFFFFFFFFL;
            n.blockAnonymous = in.readUnsignedByte() != 0;
            readStrings(in, n.blocked);
            readStrings(in, n.prefixes);
            out.addElement(n);
        }
        return active.length() == 0 ? null : active;
    }

    void saveNumbers(Vector numbers, String active) throws RecordStoreException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(VERSION);
            out.writeUTF(active == null ? "" : active);
            out.writeByte(numbers.size());
            for (int i = 0; i < numbers.size(); i++) {
                MyNumber n = (MyNumber) numbers.elementAt(i);
                out.writeUTF(n.number);
                out.writeInt((int) n.blockSequence);
                out.writeByte(n.blockAnonymous ? 1 : 0);
                writeStrings(out, n.blocked);
                writeStrings(out, n.prefixes);
            }
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; a phone out of memory throws OutOfMemoryError instead.
            throw new RecordStoreException("cannot encode numbers: " + e.getMessage());
        }
        byte[] b = bytes.toByteArray();
        store.setRecord(NUMBERS_RECORD, b, 0, b.length);
    }

    /** The network's time minus the phone's, in seconds; 0 before it was learnt. */
    long timeOffset() throws RecordStoreException {
        byte[] b = store.getRecord(TIME_RECORD);
        long v = 0;
        for (int i = 0; b != null && b.length == 8 && i < 8; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    void saveTimeOffset(long offset) throws RecordStoreException {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (offset >>> (56 - 8 * i));
        }
        store.setRecord(TIME_RECORD, b, 0, b.length);
    }

    /** The registrar keys the phone trusts, or null before it learnt them. */
    byte[][] registrarKeys() throws RecordStoreException {
        byte[] b = store.getRecord(REGISTRARS_RECORD);
        if (b == null || b.length == 0 || b.length % KEY_SIZE != 0) {
            return null;
        }
        byte[][] keys = new byte[b.length / KEY_SIZE][KEY_SIZE];
        for (int i = 0; i < keys.length; i++) {
            System.arraycopy(b, i * KEY_SIZE, keys[i], 0, KEY_SIZE);
        }
        return keys;
    }

    void saveRegistrarKeys(byte[][] keys) throws RecordStoreException {
        byte[] b = new byte[keys.length * KEY_SIZE];
        for (int i = 0; i < keys.length; i++) {
            System.arraycopy(keys[i], 0, b, i * KEY_SIZE, KEY_SIZE);
        }
        store.setRecord(REGISTRARS_RECORD, b, 0, b.length);
    }

    /** The relays the phone learnt ({@link RelayBook} record), or null before any. */
    byte[] relays() throws RecordStoreException {
        return nonEmpty(store.getRecord(RELAYS_RECORD));
    }

    void saveRelays(byte[] record) throws RecordStoreException {
        store.setRecord(RELAYS_RECORD, record, 0, record.length);
    }

    /** The linked numbers ({@link LinkedSet} record), or null before any. */
    byte[] links() throws RecordStoreException {
        return nonEmpty(store.getRecord(LINKS_RECORD));
    }

    void saveLinks(byte[] record) throws RecordStoreException {
        store.setRecord(LINKS_RECORD, record, 0, record.length);
    }

    void close() throws RecordStoreException {
        store.closeRecordStore();
    }

    private static void readStrings(DataInputStream in, Vector out) throws IOException {
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            out.addElement(in.readUTF());
        }
    }

    private static void writeStrings(DataOutputStream out, Vector v) throws IOException {
        out.writeByte(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.writeUTF((String) v.elementAt(i));
        }
    }

    private static byte[] nonEmpty(byte[] b) {
        return b == null || b.length == 0 ? null : b;
    }
}
