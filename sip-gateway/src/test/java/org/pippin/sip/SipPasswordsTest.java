package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
