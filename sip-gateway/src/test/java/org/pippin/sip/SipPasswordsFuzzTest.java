package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Any bytes as the SIP password file. A lookup gives the HA1 of the number's last well-formed line of this realm,
 * or null; a byte that is not UTF-8 spoils only its own line.
 */
class SipPasswordsFuzzTest {

    private static final Path DIR = dir();

    private static Path dir() {
        try {
            Path d = Files.createTempDirectory("sip-passwords-fuzz");
            d.toFile().deleteOnExit();
            d.resolve(SipPasswords.FILE).toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory", e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void file(byte[] content) throws IOException {
        Files.write(DIR.resolve(SipPasswords.FILE), content);
        String text = new String(content, StandardCharsets.UTF_8);
        String number = text.trim().isEmpty() ? "55500001" : text.trim().split("\\s+", 2)[0];
        // A new reader: the file's time may not change between two fuzz inputs.
        byte[] ha1 = new SipPasswords(DIR, "pippin").lookup(number);
        byte[] expected = null;
        for (String line : text.split("\r?\n|\r")) {
            String[] f = line.trim().split(" ");
            if (!line.trim().startsWith("#") && f.length == 3 && f[0].equals(number) && f[1].equals("pippin") && f[2].matches("[0-9a-f]{32}")) {
                expected = HexFormat.of().parseHex(f[2]);
            }
        }
        if (expected == null) {
            assertNull(ha1);
        } else {
            assertArrayEquals(expected, ha1);
        }
    }
}
