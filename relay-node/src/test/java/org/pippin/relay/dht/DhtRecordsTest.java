package org.pippin.relay.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.identity.IdentityKey;

/** Presence and directory records: round trips, and every way a value read from the DHT is refused, by its text. */
class DhtRecordsTest {

    private static final long NET = 4242;
    private static final long NOW = 1_800_000_000_000L;

    private static IdentityKey key(int seed) {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        Arrays.fill(secret, (byte) seed);
        return IdentityKey.fromSecret(secret);
    }

    private static byte[] presence(IdentityKey k, String number, long attached, long expires) {
        return new PresenceRecord(NET, number, k.publicKey(), attached, expires, "10.0.0.7:7070").sign(k);
    }

    @Test
    void presenceRoundTrip() throws Exception {
        IdentityKey k = key(1);
        PresenceRecord r = PresenceRecord.verify(presence(k, "27000002", NOW - 5, NOW + 60_000), NET, "27000002",
                NOW);
        assertEquals("27000002", r.number);
        assertArrayEquals(k.publicKey(), r.relayKey());
        assertEquals(NOW - 5, r.attachedMillis);
        assertEquals(NOW + 60_000, r.expiresMillis);
        assertEquals("10.0.0.7:7070", r.relayAddress);
    }

    @Test
    void presenceRefusals() {
        IdentityKey k = key(1);
        byte[] good = presence(k, "27000002", NOW, NOW + 60_000);
        assertEquals("presence record of 27000002 expired 1 ms ago", refused(presence(k, "27000002", NOW,
                NOW - 1), "27000002"));
        assertEquals("presence record for 27000002 under the key of 27000009", refused(good, "27000009"));
        byte[] badSig = good.clone();
        badSig[badSig.length - 1] ^= 1;
        assertEquals("presence record signature does not verify", refused(badSig, "27000002"));
        // A forger names another relay's key on a record it signed itself.
        byte[] renamed = good.clone();
        byte[] other = key(2).publicKey();
        System.arraycopy(other, 0, renamed, 1 + 4 + 1 + 8, other.length);
        assertEquals("presence record signature does not verify", refused(renamed, "27000002"));
        assertEquals("presence record truncated at relay address",
                refused(Arrays.copyOf(good, good.length - 10), "27000002"));
        assertEquals("presence record of 3 bytes is too short", refused(new byte[3], "27000002"));
        byte[] version = good.clone();
        version[0] = 2;
        assertEquals("presence record version 2, expected 1", refused(version, "27000002"));
        byte[] foreign = new PresenceRecord(NET + 1, "27000002", k.publicKey(), NOW, NOW + 1000, "h:1").sign(k);
        assertEquals("presence record of network 4243, expected 4242", refused(foreign, "27000002"));
    }

    private static String refused(byte[] value, String number) {
        return assertThrows(RecordException.class, () -> PresenceRecord.verify(value, NET, number, NOW))
                .getMessage();
    }

    @Test
    void aRelaySignsOnlyItsOwnPresence() {
        assertThrows(IllegalArgumentException.class, () -> new PresenceRecord(NET, "27000002", key(2).publicKey(),
                NOW, NOW + 1, "h:1").sign(key(1)));
    }

    @Test
    void aRelaySignsNoTextItsReadersWouldRefuse() {
        IdentityKey k = key(1);
        assertEquals("text '10.0.0.7:7070\0' is not printable ASCII", assertThrows(IllegalArgumentException.class,
                () -> new PresenceRecord(NET, "27000002", k.publicKey(), NOW, NOW + 1, "10.0.0.7:7070\0").sign(k))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DirectoryRecord(NET, k.publicKey(), NOW, NOW + 1, 1,
                0, 0, 0, List.of("h\u00e9:1")).sign(k));
    }

    @Test
    void directoryRoundTripAndRefusals() throws Exception {
        IdentityKey k = key(3);
        byte[] v = new DirectoryRecord(NET, k.publicKey(), NOW, NOW + 6000, 512, 96, 3, 40,
                List.of("10.0.0.7:7070", "[2001:db8::7]:7070")).sign(k);
        DirectoryRecord r = DirectoryRecord.verify(v, NET, NOW);
        assertArrayEquals(k.publicKey(), r.relayKey());
        assertEquals(NOW, r.sequence);
        assertEquals(512, r.uplinkKbps);
        assertEquals(96, r.loadKbps);
        assertEquals(416, r.spareKbps());
        assertEquals(3, r.calls);
        assertEquals(40, r.phones);
        assertEquals(List.of("10.0.0.7:7070", "[2001:db8::7]:7070"), r.addresses);

        byte[] bad = v.clone();
        bad[1 + 4 + 32 + 8 + 8 + 3] ^= 1; // the uplink budget, raised by someone else
        assertEquals("directory record signature does not verify",
                assertThrows(RecordException.class, () -> DirectoryRecord.verify(bad, NET, NOW)).getMessage());
        assertEquals("directory record expired 1 ms ago", assertThrows(RecordException.class,
                () -> DirectoryRecord.verify(v, NET, NOW + 6001)).getMessage());
        byte[] none = v.clone();
        none[1 + 4 + 32 + 8 + 8 + 16] = 0;
        assertEquals("directory record with 0 addresses, expected 1..8",
                assertThrows(RecordException.class, () -> DirectoryRecord.verify(none, NET, NOW)).getMessage());
    }

    @Test
    void proxyAnswersAreParsedLineByLine() {
        String body = "{\"data\":\"AQID\",\"id\":\"1\",\"type\":0}\n"
                + "{\"data\":\"AQID\",\"id\":\"1\",\"type\":0}\n"
                + "{\"data\":\"BA==\",\"expired\":true,\"id\":\"2\"}\n"
                + "{\"data\":\"not base64!\",\"id\":\"3\"}\n"
                + "{\"data\":\"P\\/8=\",\"id\":\"4\"}\n"
                + "{\"id\":\"5\"}\n";
        List<byte[]> values = DhtClient.values(body);
        assertEquals(3, values.size());
        assertArrayEquals(new byte[] {1, 2, 3}, values.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, values.get(1));
        assertArrayEquals(new byte[] {0x3f, (byte) 0xff}, values.get(2));
    }

    @Test
    void nodeInfoCountsEveryKnownNode() {
        String info = "{\"ipv4\":{\"dubious\":1,\"good\":12,\"incoming\":0},\"ipv6\":{\"dubious\":0,\"good\":2,"
                + "\"incoming\":3},\"node_id\":\"62dfb258\",\"ops\":1}";
        assertEquals(14, DhtClient.sum(info, "\"good\":"));
        assertEquals(18, DhtClient.sum(info, "\"good\":") + DhtClient.sum(info, "\"dubious\":")
                + DhtClient.sum(info, "\"incoming\":"));
    }

    @Test
    void hugeNodeCountsDoNotWrapRound() {
        assertEquals(Integer.MAX_VALUE, DhtClient.sum("\"good\":9999999,".repeat(300), "\"good\":"));
    }

    @Test
    void keysAreHashedInTheClient() {
        assertEquals("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", DhtClient.infoHash("hello"));
    }
}
