package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Wire;
import org.pippin.relay.RelayConfig;

/**
 * What a relay does with message files other relays send it (a replica, or a copy it pulled) and with their requests
 * for its own: kept crash-safely and listed only when whole and sane, refused with the RESULT code the sender hears,
 * served only for the owner they belong to.
 */
class CopiesTest {

    @TempDir
    Path dir;

    private final BlockingQueue<Object> answers = new ArrayBlockingQueue<>(16);
    private final List<String> changed = new ArrayList<>();

    private Voicemail open(String... more) throws Exception {
        List<String> o = new ArrayList<>(List.of("data.dir=" + dir));
        o.addAll(List.of(more));
        Voicemail v = Voicemail.open(RelayConfig.of(o.toArray(new String[0])).voicemail, () -> 0L, () -> 1_000L,
                Runnable::run);
        v.setChangeListener(changed::add);
        return v;
    }

    private Object answer() throws InterruptedException {
        Object a = answers.poll(10, TimeUnit.SECONDS);
        assertNotNull(a, "no answer from the voicemail worker");
        return a;
    }

    private static Message message(long id, String owner) {
        return new Message(id, owner, "777", 5_000L, Wire.CODEC_GSM, Wire.REJECT_UNAVAILABLE, new byte[33 * 50]);
    }

    @Test
    void keepsAWholeCopyOnDiskAndServesItToItsOwnerOnly() throws Exception {
        byte[] file = Voicemail.file(message(0x42, "27100001"));
        try (Voicemail v = open()) {
            v.keepCopy(file, answers::add);
            assertEquals(Wire.RESULT_OK, answer());
            assertEquals(List.of("27100001"), changed);
            assertEquals(1, v.list("27100001").size());
            assertEquals(file.length, Files.size(dir.resolve("voicemail/27100001/0000000000000042.vm")));
            v.keepCopy(file, answers::add);
            assertEquals(Wire.RESULT_OK, answer(), "a copy kept already is acknowledged again");
            v.readFile(0x42, "27100001", f -> answers.add(f));
            assertArrayEquals(file, (byte[]) answer());
            v.readFile(0x42, "27100002", f -> answers.add(f == null ? "none" : f));
            assertEquals("none", answer());
            v.readFile(0x43, "27100001", f -> answers.add(f == null ? "none" : f));
            assertEquals("none", answer());
        }
        try (Voicemail v = open()) {
            assertEquals(1, v.list("27100001").size(), "the copy survives a restart");
        }
    }

    @Test
    void refusesBrokenFilesAndFullMailboxes() throws Exception {
        try (Voicemail v = open("voicemail.messages.per.owner=1")) {
            byte[] broken = Voicemail.file(message(0x42, "27100001"));
            broken[40] ^= 1;
            v.keepCopy(broken, answers::add);
            assertEquals(Wire.RESULT_MALFORMED, answer());
            v.keepCopy(Voicemail.file(message(0x42, "27100001")), answers::add);
            assertEquals(Wire.RESULT_OK, answer());
            v.keepCopy(Voicemail.file(message(0x43, "27100001")), answers::add);
            assertEquals(Wire.RESULT_MAILBOX_FULL, answer());
            assertNull(v.info(0x43));
            assertTrue(v.maxFileBytes() >= Voicemail.file(new Message(1, "12345678901234567890",
                    "12345678901234567890", 0, Wire.CODEC_PCMU, 1, new byte[160 * 50 * 120])).length,
                    "the longest message this relay records fits what it accepts from others");
        }
    }
}
