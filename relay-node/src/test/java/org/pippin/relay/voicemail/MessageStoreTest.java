package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Wire;

/** The message store on a real directory: what it keeps, what survives reopening, what a crash may leave. */
class MessageStoreTest {

    static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    static Message message(long id, String owner, long time, int frames) {
        byte[] audio = new byte[frames * 33];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i % 33 == 0 ? 0xD0 : id + i);
        }
        return new Message(id, owner, "555", time, Wire.CODEC_GSM, Wire.REJECT_UNAVAILABLE, audio);
    }

    @Test
    void keepsListsAndReadsBackAcrossReopening() throws Exception {
        MessageStore s = MessageStore.open(dir);
        s.save(message(1, "777", 1000 * DAY, 50));
        s.save(message(2, "777", 1001 * DAY, 100));
        s.save(message(3, "888", 1000 * DAY, 10));
        assertTrue(s.markHeard(1));
        assertFalse(s.markHeard(1));
        MessageStore again = MessageStore.open(dir);
        List<MessageInfo> l = again.list("777");
        assertEquals(List.of(2L, 1L), l.stream().map(MessageInfo::id).toList(), "newest first");
        assertEquals(2000, l.get(0).durationMillis());
        assertFalse(l.get(0).heard());
        assertTrue(l.get(1).heard());
        assertArrayEquals(new int[] {1, 2}, again.counts("777"));
        assertArrayEquals(message(2, "777", 1001 * DAY, 100).audio(), again.read(2).audio());
        assertEquals("555", again.read(2).caller);
    }

    @Test
    void deleteAndExpiryAreDurable() throws Exception {
        MessageStore s = MessageStore.open(dir);
        s.save(message(1, "777", 1000 * DAY, 5));
        s.save(message(2, "777", 1030 * DAY, 5));
        s.markHeard(2);
        List<MessageInfo> gone = s.expire(1001 * DAY);
        assertEquals(1, gone.size());
        assertEquals(1, gone.get(0).id());
        assertEquals(2, s.delete(2, false).id());
        assertNull(s.delete(2, false));
        assertEquals(0, MessageStore.open(dir).size());
        try (var files = Files.list(dir.resolve("777"))) {
            assertEquals(0, files.count(), "no file left, heard markers included");
        }
    }

    @Test
    void oneCopyMarkersLastUntilCopiedDeletedOrExpiredAndSurviveReopening() throws Exception {
        MessageStore s = MessageStore.open(dir);
        s.save(message(1, "777", 1000 * DAY, 5), true);
        s.save(message(2, "777", 1030 * DAY, 5), true);
        s.save(message(3, "777", 1030 * DAY, 5), true);
        s.save(message(4, "777", 1030 * DAY, 5));
        assertTrue(Files.exists(dir.resolve("777/0000000000000001.one")));
        assertFalse(Files.exists(dir.resolve("777/0000000000000004.one")), "a message saved with its copy made");
        MessageStore again = MessageStore.open(dir);
        assertEquals(List.of(1L, 2L, 3L), ids(again.oneCopy()), "found again after a restart");

        assertTrue(again.copied(2));
        assertFalse(again.copied(2));
        assertFalse(again.copied(4), "no marker");
        assertFalse(Files.exists(dir.resolve("777/0000000000000002.one")));
        again.delete(3, true);
        assertFalse(Files.exists(dir.resolve("777/0000000000000003.one")), "the marker goes with its message");
        again.expire(1001 * DAY);
        assertFalse(Files.exists(dir.resolve("777/0000000000000001.one")), "and with its expiry");
        assertEquals(List.of(), again.oneCopy());
        assertEquals(List.of(), MessageStore.open(dir).oneCopy());
    }

    @Test
    void aMarkerWithoutItsMessageIsRemovedOnOpening() throws Exception {
        // A crash after the marker went to disk and before the message did.
        Files.createDirectories(dir.resolve("777"));
        Files.write(dir.resolve("777/0000000000000009.one"), new byte[0]);
        Files.write(dir.resolve("777/junk.one"), new byte[0]);
        MessageStore s = MessageStore.open(dir);
        assertEquals(List.of(), s.oneCopy());
        assertFalse(Files.exists(dir.resolve("777/0000000000000009.one")));
        assertFalse(Files.exists(dir.resolve("777/junk.one")));
    }

    private static List<Long> ids(List<MessageInfo> l) {
        return l.stream().map(MessageInfo::id).sorted().toList();
    }

    @Test
    void aMessageItsOwnerDeletedLeavesATombstoneUntilItWouldHaveExpired() throws Exception {
        MessageStore s = MessageStore.open(dir);
        s.save(message(7, "777", 1000 * DAY, 5));
        s.save(message(8, "777", 1010 * DAY, 5));
        assertEquals(7, s.delete(7, true).id());
        assertTrue(s.isGone(7));
        assertEquals(8, Files.readAllBytes(dir.resolve("777/0000000000000007.gone")).length);
        MessageStore again = MessageStore.open(dir);
        assertTrue(again.isGone(7), "the tombstone survives a restart");
        assertEquals(List.of(7L), again.tombstones("777").stream().map(MessageInfo::id).toList());
        assertEquals(1000 * DAY, again.tombstones("777").get(0).timeMillis());
        assertEquals(List.of(), again.tombstones("555"));
        assertEquals("message 0000000000000007 was deleted by its owner",
                assertThrows(java.io.IOException.class, () -> again.save(message(7, "777", 1000 * DAY, 5)))
                        .getMessage());
        assertEquals(1, again.expire(1011 * DAY).size());
        assertFalse(again.isGone(7), "gone with the time its message would have gone");
        try (var files = Files.list(dir.resolve("777"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aCrashBetweenTombstoneAndDeleteDeletesAtTheNextStart() throws Exception {
        MessageStore s = MessageStore.open(dir);
        s.save(message(9, "777", 1000 * DAY, 5));
        Files.write(dir.resolve("777/0000000000000009.gone"), java.nio.ByteBuffer.allocate(8).putLong(1000 * DAY)
                .array());
        Files.write(dir.resolve("777/000000000000000a.gone"), new byte[3]);
        MessageStore again = MessageStore.open(dir);
        assertNull(again.info(9));
        assertFalse(Files.exists(dir.resolve("777/0000000000000009.vm")));
        assertTrue(again.isGone(9));
        assertFalse(again.isGone(10));
        assertTrue(Files.exists(dir.resolve("777/000000000000000a.gone.bad")), "not a tombstone: set aside");
    }

    @Test
    void whatACrashLeavesIsNeverListed() throws Exception {
        MessageStore s = MessageStore.open(dir);
        s.save(message(0x10, "777", 1000 * DAY, 5));
        Path owner = dir.resolve("777");
        // Killed between write and rename: the temporary file, possibly cut short.
        byte[] whole = message(0x11, "777", 1000 * DAY, 50).encode();
        Files.write(owner.resolve(Wire.messageIdHex(0x11) + ".vm.tmp"), java.util.Arrays.copyOf(whole, 700));
        // A file damaged on disk: it fails its CRC and is set aside, not served.
        byte[] damaged = message(0x12, "777", 1000 * DAY, 5).encode();
        damaged[60] ^= 0x40;
        Files.write(owner.resolve(Wire.messageIdHex(0x12) + ".vm"), damaged);
        // A whole message under another owner's name is not that owner's.
        Files.write(owner.resolve(Wire.messageIdHex(0x13) + ".vm"), message(0x13, "888", 1000 * DAY, 5).encode());
        MessageStore after = MessageStore.open(dir);
        assertEquals(List.of(0x10L), after.list("777").stream().map(MessageInfo::id).toList());
        assertFalse(Files.exists(owner.resolve(Wire.messageIdHex(0x11) + ".vm.tmp")));
        assertTrue(Files.exists(owner.resolve(Wire.messageIdHex(0x12) + ".vm.bad")));
        assertTrue(Files.exists(owner.resolve(Wire.messageIdHex(0x13) + ".vm.bad")));
    }

    @Test
    void everyTruncationOfAMessageFileIsRefused() {
        byte[] whole = message(7, "777", 1000 * DAY, 3).encode();
        for (int len = 0; len < whole.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(whole, len);
            assertThrows(StoreException.class, () -> Message.decode(cut), "length " + len);
        }
    }

    @Test
    void settingsAreReplacedWhole() throws Exception {
        MessageStore s = MessageStore.open(dir);
        s.saveSettings("777", new byte[] {1, 2, 3});
        s.saveSettings("777", new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, MessageStore.open(dir).settings("777"));
    }

    /** The closing figures: bytes on disk and emailed per minute of GSM voicemail. */
    @Test
    void sizesPerMinute() throws Exception {
        Message minute = message(1, "96512345", 1000 * DAY, 60 * 50);
        MessageStore s = MessageStore.open(dir);
        s.save(minute);
        long onDisk = Files.size(dir.resolve("96512345").resolve(Wire.messageIdHex(1) + ".vm"));
        assertEquals(99_000 + Message.FIXED_BYTES + 8 + 3, onDisk);
        assertEquals(onDisk, s.info(1).bytes());
        assertEquals(960_044, WavExport.toWav(minute).length, "8 kHz x 16 bit x 60 s + 44-byte header");
    }
}
