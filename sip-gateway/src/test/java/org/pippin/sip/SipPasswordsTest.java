package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipPasswordsTest {

    @TempDir
    Path dir;

    @Test
    void storesOnlyTheDigestHashOwnerReadable() throws Exception {
        SipPasswords p = new SipPasswords(dir, "pippin");
        assertNull(p.lookup("55500001"));
        p.set("55500001", "first-password");
        p.set("55500002", "other-password");
        p.set("55500001", "second-password");
        Path file = dir.resolve(SipPasswords.FILE);
        String text = Files.readString(file);
        for (String secret : new String[] {"first-password", "second-password", "other-password"}) {
            assertFalse(text.contains(secret), text);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(SipPasswords.ha1("55500001", "pippin", "second-password"), p.lookup("55500001"));
        assertArrayEquals(SipPasswords.ha1("55500002", "pippin", "other-password"), p.lookup("55500002"));
    }

    @Test
    void aHashOfAnotherRealmOrAMalformedLineIsIgnored() throws Exception {
        new SipPasswords(dir, "other").set("55500001", "some-password");
        Files.writeString(dir.resolve(SipPasswords.FILE), "55500002 pippin nothex\n",
                java.nio.file.StandardOpenOption.APPEND);
        SipPasswords p = new SipPasswords(dir, "pippin");
        assertNull(p.lookup("55500001"));
        assertNull(p.lookup("55500002"));
    }

    @Test
    void aLineThatIsNotUtf8SpoilsOnlyItself() throws Exception {
        new SipPasswords(dir, "pippin").set("55500001", "some-password");
        Files.write(dir.resolve(SipPasswords.FILE), new byte[] {'5', '5', (byte) 0xC1, ' ', 'x', '\n'},
                java.nio.file.StandardOpenOption.APPEND);
        SipPasswords p = new SipPasswords(dir, "pippin");
        assertArrayEquals(SipPasswords.ha1("55500001", "pippin", "some-password"), p.lookup("55500001"));
        p.set("55500002", "other-password");
        // A new reader: the file's time need not change within the same clock tick.
        assertArrayEquals(SipPasswords.ha1("55500002", "pippin", "other-password"),
                new SipPasswords(dir, "pippin").lookup("55500002"));
    }

    /**
     * Rewritten in place to the same size and given back its modification time: only the content tells it changed,
     * as after two writes within one tick of a coarse file-system clock.
     */
    @Test
    void twoWritesWithinOneTickOfTheFileClockAreBothSeen() throws Exception {
        long[] wall = {0};
        SipPasswords p = new SipPasswords(dir, "pippin", () -> wall[0]);
        p.set("55500001", "first-password");
        Path file = dir.resolve(SipPasswords.FILE);
        FileTime tick = Files.getLastModifiedTime(file);
        Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        wall[0] = tick.toMillis() + 500;
        assertArrayEquals(SipPasswords.ha1("55500001", "pippin", "first-password"), p.lookup("55500001"));

        String first = HexFormat.of().formatHex(SipPasswords.ha1("55500001", "pippin", "first-password"));
        String second = HexFormat.of().formatHex(SipPasswords.ha1("55500001", "pippin", "other-password"));
        byte[] before = Files.readAllBytes(file);
        Files.write(file, new String(before, StandardCharsets.UTF_8).replace(first, second)
                .getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, tick);
        assertEquals(before.length, Files.size(file));
        assertEquals(inode, Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        assertArrayEquals(SipPasswords.ha1("55500001", "pippin", "other-password"), p.lookup("55500001"),
                "the second write is seen though time, size and file are as they were");

        // Once the tick is over, a write always shows in the stamp: an unchanged stamp is trusted (no re-read).
        wall[0] = tick.toMillis() + SipPasswords.TICK_MILLIS;
        Files.write(file, before);
        Files.setLastModifiedTime(file, tick);
        assertArrayEquals(SipPasswords.ha1("55500001", "pippin", "other-password"), p.lookup("55500001"));
    }
}
