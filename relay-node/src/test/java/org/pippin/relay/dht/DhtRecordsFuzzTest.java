package org.pippin.relay.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Allocation;

/**
 * What the relay reads from the dhtnode proxy, on arbitrary input. The first byte picks the form: a raw presence or
 * directory value, a whole proxy answer (its values then go to both verifiers), or record fields that this test signs
 * with its own key and reads back. A verifier gives a verified record or a {@link RecordException} with a message,
 * allocates in proportion to the input, and a record it accepts is exactly what was signed; the signer refuses text
 * its readers would refuse rather than sign a record nobody accepts.
 */
class DhtRecordsFuzzTest {

    /**
     * Room for an exception and for one Ed25519 check, whose curve arithmetic takes about 100 KiB under the fuzzer's
     * instrumentation; still far below what one unchecked length would take.
     */
    private static final long SLACK = 256 * 1024;
    private static final long NET = 4242;
    private static final long NOW = 1_800_000_000_000L;
    private static final IdentityKey KEY = key();

    private static IdentityKey key() {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        Arrays.fill(secret, (byte) 1);
        return IdentityKey.fromSecret(secret);
    }

    @FuzzTest(maxDuration = "10s")
    void values(byte[] data) throws Exception {
        int mode = data.length == 0 ? 0 : (data[0] & 0xFF) % 4;
        byte[] rest = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        switch (mode) {
            case 0 -> presence(rest);
            case 1 -> directory(rest);
            case 2 -> proxyAnswer(rest);
            default -> signed(rest);
        }
    }

    private static void presence(byte[] value) throws Exception {
        String number = number(value);
        PresenceRecord[] r = new PresenceRecord[1];
        // Signature checks allocate in curve arithmetic (a fixed amount), parsing only in proportion to the input.
        Allocation.bounded(value.length, 8, SLACK, () -> r[0] = presenceOrNull(value, number));
        if (r[0] != null) {
            assertEquals(number, r[0].number);
            assertTrue(r[0].expiresMillis > NOW);
            if (r[0].isFrom(KEY.publicKey())) {
                assertArrayEquals(value, r[0].sign(KEY), "records are canonical");
            }
        }
    }

    private static void directory(byte[] value) throws Exception {
        DirectoryRecord[] r = new DirectoryRecord[1];
        Allocation.bounded(value.length, 8, SLACK, () -> r[0] = directoryOrNull(value));
        if (r[0] != null) {
            assertTrue(r[0].expiresMillis > NOW);
            if (Arrays.equals(KEY.publicKey(), r[0].relayKey())) {
                assertArrayEquals(value, r[0].sign(KEY), "records are canonical");
            }
        }
    }

    /** The number a value's own number field names, when it has one, so verification gets past that check. */
    private static String number(byte[] value) {
        if (value.length < 6 || 6 + (value[5] & 0xFF) > value.length) {
            return "27000002";
        }
        return new String(value, 6, value[5] & 0xFF, StandardCharsets.ISO_8859_1);
    }

    private static void proxyAnswer(byte[] body) throws Exception {
        String text = new String(body, StandardCharsets.US_ASCII);
        List<byte[]> values = DhtClient.values(text);
        for (byte[] v : values) {
            assertNotNull(v);
            presence(v);
            directory(v);
        }
        assertTrue(DhtClient.sum(text, "\"good\":") >= 0, "a count of nodes is never negative");
    }

    private static PresenceRecord presenceOrNull(byte[] value, String number) {
        try {
            return PresenceRecord.verify(value, NET, number, NOW);
        } catch (RecordException e) {
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().startsWith("presence record"), e.getMessage());
            return null;
        }
    }

    private static DirectoryRecord directoryOrNull(byte[] value) {
        try {
            return DirectoryRecord.verify(value, NET, NOW);
        } catch (RecordException e) {
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().startsWith("directory record"), e.getMessage());
            return null;
        }
    }

    /** Fields from the input, signed with this test's key: whatever the signer takes, the verifier returns as is. */
    private static void signed(byte[] in) throws Exception {
        Fields f = new Fields(in);
        String number = f.text();
        long expires = f.u64();
        String address = f.text();
        PresenceRecord p = new PresenceRecord(NET, number, KEY.publicKey(), f.u64(), expires, address);
        if (!printable(number) || !printable(address)) {
            assertThrows(IllegalArgumentException.class, () -> p.sign(KEY));
        } else {
            PresenceRecord back = presenceOrNull(p.sign(KEY), number);
            if (back != null) {
                assertEquals(address, back.relayAddress);
                assertEquals(p.attachedMillis, back.attachedMillis);
                assertEquals(expires, back.expiresMillis);
            } else {
                assertFalse(expires > NOW && org.pippin.protocol.Numbers.isValid(number),
                        "a valid number's unexpired record was refused");
            }
        }
        List<String> addresses = List.of(address, f.text());
        DirectoryRecord d = new DirectoryRecord(NET, KEY.publicKey(), f.u64(), expires, f.u32(), f.u32(), f.u32(),
                f.u32(), addresses);
        if (!addresses.stream().allMatch(DhtRecordsFuzzTest::printable)) {
            assertThrows(IllegalArgumentException.class, () -> d.sign(KEY));
        } else {
            DirectoryRecord back = directoryOrNull(d.sign(KEY));
            assertEquals(expires > NOW, back != null);
            if (back != null) {
                assertEquals(addresses, back.addresses);
                assertEquals(d.sequence, back.sequence);
                assertEquals(d.phones, back.phones);
            }
        }
    }

    private static boolean printable(String s) {
        return s.length() <= 255 && s.chars().allMatch(c -> c > 0x20 && c <= 0x7E);
    }

    /** Reads the signed case's fields from the input; past its end, zeros and empty texts. */
    private static final class Fields {
        private final byte[] b;
        private int pos;

        Fields(byte[] b) {
            this.b = b;
        }

        int u8() {
            return pos < b.length ? b[pos++] & 0xFF : 0;
        }

        long u32() {
            return (long) u8() << 24 | u8() << 16 | u8() << 8 | u8();
        }

        long u64() {
            return u32() << 32 | u32();
        }

        String text() {
            int n = Math.min(u8(), b.length - Math.min(pos, b.length));
            String s = new String(b, Math.min(pos, b.length), n, StandardCharsets.ISO_8859_1);
            pos += n;
            return s;
        }
    }
}
