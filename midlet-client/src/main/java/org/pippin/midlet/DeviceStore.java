package org.pippin.midlet;

import javax.microedition.rms.RecordStore;
import javax.microedition.rms.RecordStoreException;

/**
 * What the phone remembers between runs, in one RMS record store: the user's number (record 1) and the device
 * secret (record 2), made once on first start.
 */
final class DeviceStore {

    private static final String NAME = "pippin";
    private static final int NUMBER_RECORD = 1;
    private static final int SECRET_RECORD = 2;

    private final RecordStore store;

    DeviceStore() throws RecordStoreException {
        store = RecordStore.openRecordStore(NAME, true);
        if (store.getNumRecords() == 0) {
            store.addRecord(new byte[0], 0, 0);
            store.addRecord(new byte[0], 0, 0);
        }
    }

    /** The saved number, or null if none was saved yet. */
    String number() throws RecordStoreException {
        byte[] b = store.getRecord(NUMBER_RECORD);
        return b == null || b.length == 0 ? null : new String(b);
    }

    void saveNumber(String number) throws RecordStoreException {
        byte[] b = number.getBytes();
        store.setRecord(NUMBER_RECORD, b, 0, b.length);
    }

    /** The device secret, generated and saved on first use. */
    byte[] secret(SecretGenerator generator) throws RecordStoreException {
        byte[] b = store.getRecord(SECRET_RECORD);
        if (b == null || b.length == 0) {
            b = generator.generate();
            store.setRecord(SECRET_RECORD, b, 0, b.length);
        }
        return b;
    }

    void close() throws RecordStoreException {
        store.closeRecordStore();
    }
}
