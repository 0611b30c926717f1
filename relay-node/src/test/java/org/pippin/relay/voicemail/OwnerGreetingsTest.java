package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Wire;

/**
 * The greeting files on disk: what is stored survives reopening (in both codecs, beep appended), a file that fails
 * its check is set aside rather than played, a crash's half-written {@code .tmp} is never read, and greetings that
 * are not 1..1500 whole frames are refused.
 */
class OwnerGreetingsTest {

    @TempDir
    Path dir;
    private final Greetings defaults = new Greetings();

    private static byte[] gsm(int frames) {
        byte[] b = new byte[frames * 33];
        for (int i = 0; i < frames; i++) {
            b[i * 33] = (byte) 0xd0; // a GSM frame's signature nibble
        }
        return b;
    }

    @Test
    void keptAcrossReopeningInBothCodecsWithTheBeep() throws Exception {
        OwnerGreetings g = OwnerGreetings.open(dir, defaults);
        g.save("777", Wire.GREETING_BUSY, Wire.CODEC_GSM, gsm(50));
        OwnerGreetings again = OwnerGreetings.open(dir, defaults);
        assertTrue(again.has("777", Wire.GREETING_BUSY));
        assertFalse(again.has("777", Wire.GREETING_UNAVAILABLE));
        int beepFrames = defaults.beep(Wire.CODEC_GSM).length / 33;
        assertEquals((50 + beepFrames) * 33, again.frames("777", Wire.GREETING_BUSY, Wire.CODEC_GSM).length);
        assertEquals((50 + beepFrames) * 160, again.frames("777", Wire.GREETING_BUSY, Wire.CODEC_PCMU).length);
        assertArrayEquals(OwnerGreetings.encode(Wire.CODEC_GSM, gsm(50)),
                Files.readAllBytes(dir.resolve("777").resolve("greeting-busy.pvg")));
        assertTrue(again.delete("777", Wire.GREETING_BUSY));
        assertFalse(again.delete("777", Wire.GREETING_BUSY));
        assertNull(OwnerGreetings.open(dir, defaults).frames("777", Wire.GREETING_BUSY, Wire.CODEC_GSM));
    }

    @Test
    void aDamagedFileIsSetAsideAndATmpNeverRead() throws Exception {
        Path owner = Files.createDirectories(dir.resolve("777"));
        byte[] file = OwnerGreetings.encode(Wire.CODEC_GSM, gsm(10));
        file[20] ^= 1;
        Files.write(owner.resolve("greeting-unavailable.pvg"), file);
        Files.write(owner.resolve("greeting-busy.pvg.tmp"), OwnerGreetings.encode(Wire.CODEC_GSM, gsm(10)));
        OwnerGreetings g = OwnerGreetings.open(dir, defaults);
        assertFalse(g.has("777", Wire.GREETING_UNAVAILABLE));
        assertFalse(g.has("777", Wire.GREETING_BUSY));
        assertTrue(Files.exists(owner.resolve("greeting-unavailable.pvg.bad")));
        StoreException e = assertThrows(StoreException.class, () -> OwnerGreetings.codecOf(file));
        assertEquals("greeting file fails its CRC", e.getMessage());
        assertEquals("greeting file of 3 bytes",
                assertThrows(StoreException.class, () -> OwnerGreetings.codecOf(new byte[3])).getMessage());
    }

    @Test
    void refusesWhatIsNotWholeFramesOfAPlayedCodec() throws Exception {
        OwnerGreetings g = OwnerGreetings.open(dir, defaults);
        assertEquals("greeting of 34 bytes is not 1..1500 GSM frames",
                assertThrows(IOException.class, () -> g.save("777", 0, Wire.CODEC_GSM, new byte[34])).getMessage());
        assertEquals("greeting of 49533 bytes is not 1..1500 GSM frames",
                assertThrows(IOException.class, () -> g.save("777", 0, Wire.CODEC_GSM, gsm(1501))).getMessage());
        assertEquals("greeting in codec 7",
                assertThrows(IOException.class, () -> g.save("777", 0, 7, new byte[33])).getMessage());
        assertFalse(Files.exists(dir.resolve("777").resolve("greeting-unavailable.pvg")));
    }
}
