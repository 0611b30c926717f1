package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;
import org.pippin.protocol.VoicePacket;

class VoiceCipherTest {
    private static final byte[] ENC = Hex.bytes("101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f");
    private static final byte[] MAC = Hex.bytes("303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f");
    private static final int GSM_100MS = 5 * 33;

    private static byte[] packet(int channel, int seq, byte[] payload) {
        byte[] p = new byte[VoicePacket.HEADER + payload.length + VoiceCipher.TAG_SIZE];
        VoicePacket.writeHeader(p, 0, channel, seq);
        System.arraycopy(payload, 0, p, VoicePacket.HEADER, payload.length);
        return p;
    }

    private static byte[] payload(int seed) {
        byte[] b = new byte[GSM_100MS];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The sealed bytes are the JDK's ChaCha20 (nonce 0^4 || index) and the first 4 bytes of its HMAC-SHA256. */
    @Test
    void sealedBytesAgreeWithTheJdk() throws Exception {
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        byte[] plain = payload(1);
        byte[] p = packet(7, 0x1234, plain);
        assertEquals(4 + GSM_100MS + 4, sender.seal(p, 0, 4 + GSM_100MS));
        byte[] nonce = Hex.bytes("00 00 00 00 00 00 00 00 00 00 12 34");
        byte[] cipher = VoiceCryptoVectorsTest.jdkChaCha(ENC, nonce, 0, plain);
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(MAC, "HmacSHA256"));
        hmac.update(Hex.bytes("00 00 00 00 00 00 12 34"));
        byte[] tag = java.util.Arrays.copyOf(hmac.doFinal(cipher), 4);
        assertEquals(Hex.of(Hex.concat(Hex.bytes("80 07 12 34"), cipher, tag)), Hex.of(p));
    }

    /** A relay rewrites the channel; the receiver still opens the packet. */
    @Test
    void roundTripThroughAChannelRewrite() {
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        VoiceCipher receiver = new VoiceCipher(ENC, MAC);
        byte[] plain = payload(2);
        byte[] p = packet(7, 0, plain);
        int len = sender.seal(p, 0, 4 + plain.length);
        VoicePacket.setChannel(p, 0, 300);
        assertEquals(4 + plain.length, receiver.open(p, 0, len));
        assertArrayEquals(plain, java.util.Arrays.copyOfRange(p, 4, 4 + plain.length));
        assertEquals(300, VoicePacket.channel(p, 0));
        assertEquals(0, receiver.failures());
    }

    @Test
    void everyFlippedBitOfSequencePayloadOrTagIsRefused() {
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        byte[] sealed = packet(7, 5, payload(3));
        int len = sender.seal(sealed, 0, 4 + GSM_100MS);
        int failures = 0;
        for (int i = 2; i < len; i++) {
            for (int bit = 0; bit < 8; bit++) {
                VoiceCipher receiver = new VoiceCipher(ENC, MAC);
                byte[] p = sealed.clone();
                p[i] ^= (byte) (1 << bit);
                assertEquals(-1, receiver.open(p, 0, len), "byte " + i + " bit " + bit);
                failures += receiver.failures();
            }
        }
        assertEquals((len - 2) * 8, failures);
    }

    @Test
    void replaysAndOldPacketsAreRefused() {
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        VoiceCipher receiver = new VoiceCipher(ENC, MAC);
        byte[][] sent = new byte[100][];
        for (int seq = 0; seq < 100; seq++) {
            sent[seq] = packet(1, seq, payload(seq));
            sender.seal(sent[seq], 0, 4 + GSM_100MS);
        }
        int len = 4 + GSM_100MS + 4;
        assertEquals(len - 4, receiver.open(sent[10].clone(), 0, len));
        assertEquals(-1, receiver.open(sent[10].clone(), 0, len), "replay");
        assertEquals(len - 4, receiver.open(sent[99].clone(), 0, len));
        assertEquals(len - 4, receiver.open(sent[36].clone(), 0, len), "late but inside the window");
        assertEquals(-1, receiver.open(sent[36].clone(), 0, len), "replay inside the window");
        assertEquals(-1, receiver.open(sent[35].clone(), 0, len), "64 behind the newest: too old");
        assertEquals(-1, receiver.open(new byte[7], 0, 7), "shorter than header and tag");
        assertEquals(4, receiver.failures());
    }

    /** Past 65535 the 16-bit sequence wraps; the index keeps counting, so nonces never repeat and packets open. */
    @Test
    void sequenceWrapsWithoutRepeatingANonce() {
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        VoiceCipher receiver = new VoiceCipher(ENC, MAC);
        byte[] first = null;
        for (int i = 0; i < 70000; i++) {
            byte[] p = packet(1, i, new byte[8]);
            int len = sender.seal(p, 0, 12);
            if (i == 0) {
                first = p.clone();
            }
            if (i == 65536) {
                assertTrue(!java.util.Arrays.equals(first, p), "same sequence after the wrap, different keystream");
            }
            assertEquals(12, receiver.open(p, 0, len), "packet " + i);
        }
        assertEquals(70000 - 1, receiver.extend(69999 & 0xFFFF));
        assertEquals(0, receiver.failures());
    }

    @Test
    void senderRefusesToRepeatASequence() {
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        sender.seal(packet(1, 9, new byte[4]), 0, 8);
        assertEquals("voice sequence 9 not after 9: a nonce would repeat",
            assertThrows(IllegalStateException.class, () -> sender.seal(packet(1, 9, new byte[4]), 0, 8))
                .getMessage());
        assertEquals("voice packet of 8 bytes at 0 needs 4 spare bytes in a buffer of 8",
            assertThrows(IllegalArgumentException.class, () -> sender.seal(new byte[8], 0, 8)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VoiceCipher(ENC, new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new VoiceCipher(new byte[16], MAC));
    }

    @Test
    void sealAndOpenAllocateNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        VoiceCipher receiver = new VoiceCipher(ENC, MAC);
        byte[] p = packet(1, 0, payload(5));
        for (int warm = 0; warm < 2000; warm++) {
            VoicePacket.writeHeader(p, 0, 1, warm);
            receiver.open(p, 0, sender.seal(p, 0, 4 + GSM_100MS));
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 2000; i < 3000; i++) {
            VoicePacket.writeHeader(p, 0, 1, i);
            receiver.open(p, 0, sender.seal(p, 0, 4 + GSM_100MS));
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // 1000 packets each way: even one small array per packet would be tens of kilobytes.
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 1000 packets");
        assertEquals(0, receiver.failures());
    }
}
