package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {

    /** A store whose writes and answers run on the calling thread: synchronous. */
    private static SecretStore inline(Path dir, int max) throws IOException {
        return new SecretStore(dir, max, Runnable::run, Runnable::run);
    }

    private static SecretStore.Result bind(SecretStore store, String number, byte[] secret) {
        List<SecretStore.Result> got = new ArrayList<>();
        store.bind(number, secret, got::add);
        assertEquals(1, got.size(), "answered at once");
        return got.get(0);
    }

    static final byte[] S1 = "first-secret".getBytes(StandardCharsets.US_ASCII);
    static final byte[] S2 = "other-secret".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void bindsOnceThenVerifiesAcrossRestarts() throws Exception {
        SecretStore store = inline(dir, 10);
        assertFalse(store.isKnown("555"));
        assertEquals(SecretStore.Result.BOUND, bind(store, "555", S1));
        assertEquals(SecretStore.Result.MATCH, bind(store, "555", S1));
        assertEquals(SecretStore.Result.MISMATCH, bind(store, "555", S2));

        SecretStore reopened = inline(dir, 10);
        assertTrue(reopened.isKnown("555"));
        assertEquals(SecretStore.Result.MATCH, bind(reopened, "555", S1));
        assertEquals(SecretStore.Result.MISMATCH, bind(reopened, "555", S2));
        assertTrue(reopened.wouldAccept("555", S1));
        assertFalse(reopened.wouldAccept("555", S2));
    }

    @Test
    void storesOnlySaltedHashesAndNoTempFileRemains() throws Exception {
        SecretStore store = inline(dir, 10);
        bind(store, "555", S1);
        bind(store, "777", S1);
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
        SecretStore store = inline(dir, 1);
        bind(store, "555", S1);
        assertEquals(SecretStore.Result.FULL, bind(store, "777", S1));
        assertFalse(store.wouldAccept("777", S1));
        assertEquals(SecretStore.Result.MATCH, bind(store, "555", S1));
    }

    @Test
    void corruptFileIsAnErrorNotAnEmptyStore() throws Exception {
        Files.writeString(dir.resolve(SecretStore.FILE), "555 zz\n");
        IOException e = assertThrows(IOException.class, () -> inline(dir, 10));
        assertTrue(e.getMessage().endsWith(":1: expected 'number salt hash'"), e.getMessage());
    }

    /**
     * While a write is under way nothing waits on the caller's thread: new numbers queue and go together in the next
     * write, each answered BOUND only when the write holding it is done; the same secret again is answered with it,
     * another secret at once, and a crash before the write (a new store on the same file) knows none of them.
     */
    @Test
    void bindingsWaitForTheirWriteAndGoTogetherInTheNext() throws Exception {
        Queue<Runnable> writes = new ArrayDeque<>();
        SecretStore store = new SecretStore(dir, 100, Runnable::run, writes::add);
        List<String> answers = new ArrayList<>();
        store.bind("500", S1, r -> answers.add("500 " + r));
        assertEquals(List.of(), answers, "not answered before it is on disk");
        assertEquals(1, writes.size());
        assertTrue(store.isKnown("500"));
        store.bind("500", S2, r -> answers.add("500 other " + r));
        store.bind("500", S1, r -> answers.add("500 again " + r));
        for (int i = 0; i < 50; i++) {
            String n = Integer.toString(600 + i);
            store.bind(n, S1, r -> answers.add(n + " " + r));
        }
        assertEquals(List.of("500 other MISMATCH"), answers);
        assertEquals(1, writes.size(), "one write under way; the rest wait for the next");
        assertFalse(inline(dir, 100).isKnown("500"), "a crash now: nothing of it is on disk");

        writes.poll().run();
        assertEquals(List.of("500 other MISMATCH", "500 BOUND", "500 again MATCH"), answers);
        assertEquals(1, writes.size(), "the 50 that waited, in one write");
        writes.poll().run();
        assertEquals(53, answers.size());
        assertTrue(answers.subList(3, 53).stream().allMatch(a -> a.endsWith(" BOUND")), answers.toString());
        assertEquals(2, store.writes());
        assertEquals(51, store.size());
        assertEquals(51, inline(dir, 100).size(), "all of them durable");
    }

    @Test
    void aFailedWriteBindsNothingAndSaysSo() throws Exception {
        Files.createDirectories(dir.resolve(SecretStore.FILE + ".tmp")); // the temp file cannot be made
        SecretStore store = inline(dir, 10);
        assertEquals(SecretStore.Result.FAILED, bind(store, "555", S1));
        assertFalse(store.isKnown("555"));
        Files.delete(dir.resolve(SecretStore.FILE + ".tmp"));
        assertEquals(SecretStore.Result.BOUND, bind(store, "555", S2), "free for whoever tries again");
    }
}
