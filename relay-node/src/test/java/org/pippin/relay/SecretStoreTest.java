package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {

    static final byte[] S1 = "first-secret".getBytes(StandardCharsets.US_ASCII);
    static final byte[] S2 = "other-secret".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void bindsOnceThenVerifiesAcrossRestarts() throws Exception {
        SecretStore store = new SecretStore(dir, 10);
        assertFalse(store.isKnown("555"));
        assertEquals(SecretStore.Result.BOUND, store.verifyOrBind("555", S1));
        assertEquals(SecretStore.Result.MATCH, store.verifyOrBind("555", S1));
        assertEquals(SecretStore.Result.MISMATCH, store.verifyOrBind("555", S2));

        SecretStore reopened = new SecretStore(dir, 10);
        assertTrue(reopened.isKnown("555"));
        assertEquals(SecretStore.Result.MATCH, reopened.verifyOrBind("555", S1));
        assertEquals(SecretStore.Result.MISMATCH, reopened.verifyOrBind("555", S2));
        assertTrue(reopened.wouldAccept("555", S1));
        assertFalse(reopened.wouldAccept("555", S2));
    }

    @Test
    void storesOnlySaltedHashesAndNoTempFileRemains() throws Exception {
        SecretStore store = new SecretStore(dir, 10);
        store.verifyOrBind("555", S1);
        store.verifyOrBind("777", S1);
        String text = Files.readString(dir.resolve(SecretStore.FILE));
        assertFalse(text.contains("first-secret"));
        assertFalse(text.contains(java.util.HexFormat.of().formatHex(S1)));
        String[] lines = text.split("\n");
        assertEquals(2, lines.length);
        assertFalse(lines[0].split(" ")[2].equals(lines[1].split(" ")[2]), "same secret, different salt, hash");
        assertFalse(Files.exists(dir.resolve(SecretStore.FILE + ".tmp")));
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(SecretStore.FILE))));
        }
    }

    @Test
    void boundedNumberOfNumbers() throws Exception {
        SecretStore store = new SecretStore(dir, 1);
        store.verifyOrBind("555", S1);
        assertEquals(SecretStore.Result.FULL, store.verifyOrBind("777", S1));
        assertFalse(store.wouldAccept("777", S1));
        assertEquals(SecretStore.Result.MATCH, store.verifyOrBind("555", S1));
    }

    @Test
    void corruptFileIsAnErrorNotAnEmptyStore() throws Exception {
        Files.writeString(dir.resolve(SecretStore.FILE), "555 zz\n");
        IOException e = assertThrows(IOException.class, () -> new SecretStore(dir, 10));
        assertTrue(e.getMessage().endsWith(":1: expected 'number salt hash'"), e.getMessage());
    }
}
