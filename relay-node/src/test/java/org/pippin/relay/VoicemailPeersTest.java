package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmCopy;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmPull;
import org.pippin.protocol.Wire;
import org.pippin.relay.voicemail.Message;
import org.pippin.relay.voicemail.Voicemail;

/**
 * A relay as the holder of other relays' voicemail copies, driven by a test relay over an authenticated link (as in
 * PeerLinkTest; the DHT is on but unreachable): a copy sent in VM_COPY chunks is acknowledged once on disk and listed,
 * pulled back whole, deleted, then listed as deleted and not taken again; broken, oversized and out-of-order copies are refused with the code the sender hears;
 * copies that stop half-way give their slot back after 10 s of the relay's (fake) clock.
 */
class VoicemailPeersTest {

    private static final String OWNER = "27100001";

    @TempDir
    Path dir;
    private RelayFixture relay;
    private IdentityKey relayKey;
    private final IdentityKey peerKey = PeerLinkTest.newKey();

    @BeforeEach
    void start() throws Exception {
        relay = new RelayFixture(dir, "dht.enabled=true", "dht.node.start=false",
                "dht.proxy.port=" + NumbersTest.freePort(), "dht.public.address=127.0.0.1:7070", "dht.timeout.ms=200",
                "voicemail.enabled=true", "voicemail.max.seconds=5");
        byte[] k = Files.readAllBytes(dir.resolve("relay-identity.key"));
        relayKey = IdentityKey.decode(k, 0, k.length);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private static byte[] file(long id, int seconds) {
        byte[] audio = new byte[33 * 50 * seconds];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 7);
        }
        return Voicemail.file(new Message(id, OWNER, "27100002", 1_700_000_000_000L, Wire.CODEC_GSM,
                Wire.REJECT_UNAVAILABLE, audio));
    }

    private static void sendChunks(TestPhone link, long id, byte[] file, int from, int to) throws Exception {
        int chunks = VmCopy.chunksFor(file.length);
        for (int c = from; c < to; c++) {
            int off = c * VmCopy.MAX_DATA;
            link.send(new VmCopy(id, c, chunks, file, off, Math.min(VmCopy.MAX_DATA, file.length - off)));
        }
    }

    private static Result expectResult(TestPhone link, int request, long id, int outcome) throws Exception {
        Result r = link.expect(Result.class);
        assertEquals(request, r.request, r.toString());
        assertEquals(outcome, r.outcome, r.toString());
        assertArrayEquals(ByteBuffer.allocate(8).putLong(id).array(), r.record());
        return r;
    }

    private Path onDisk(long id) {
        return dir.resolve("voicemail").resolve(OWNER).resolve(Wire.messageIdHex(id) + ".vm");
    }

    @Test
    void aCopyIsKeptListedPulledBackAndDeleted() throws Exception {
        byte[] file = file(0x1234, 4);
        try (TestPhone link = PeerLinkTest.link(relay.port, relayKey, peerKey, true)) {
            sendChunks(link, 0x1234, file, 0, VmCopy.chunksFor(file.length));
            expectResult(link, Wire.VM_COPY, 0x1234, Wire.RESULT_OK);
            assertArrayEquals(file, Files.readAllBytes(onDisk(0x1234)), "on disk as sent");

            link.send(new VmList(OWNER, 0));
            VmListing l = link.expect(VmListing.class);
            assertEquals(1, l.count());
            assertEquals(0x1234, l.id(0));
            assertEquals("27100002", l.caller(0));
            assertEquals(4, l.duration(0));
            assertTrue(l.isNew(0));

            link.send(new VmPull(0x1234, OWNER));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            int chunks = VmCopy.chunksFor(file.length);
            for (int c = 0; c < chunks; c++) {
                VmCopy copy = link.expect(VmCopy.class);
                assertEquals(c, copy.chunk);
                assertEquals(chunks, copy.chunks);
                back.writeBytes(copy.data());
            }
            assertArrayEquals(file, back.toByteArray(), "pulled back whole");
            link.send(new VmPull(0x1234, "27100009"));
            expectResult(link, Wire.VM_PULL, 0x1234, Wire.RESULT_NO_SUCH_MESSAGE);

            link.send(new VmDelete(0x1234));
            expectResult(link, Wire.VM_DELETE, 0x1234, Wire.RESULT_OK);
            assertFalse(Files.exists(onDisk(0x1234)));
            link.send(new VmDelete(0x1234));
            expectResult(link, Wire.VM_DELETE, 0x1234, Wire.RESULT_NO_SUCH_MESSAGE);
            link.send(new VmPull(0x1234, OWNER));
            expectResult(link, Wire.VM_PULL, 0x1234, Wire.RESULT_NO_SUCH_MESSAGE);

            // Deleted by its owner: listed as such (a tombstone), and a copy of it is not taken again.
            link.send(new VmList(OWNER, 0));
            l = link.expect(VmListing.class);
            assertEquals(1, l.count());
            assertEquals(0x1234, l.id(0));
            assertTrue(l.isDeleted(0));
            assertEquals("", l.caller(0));
            assertEquals(1_700_000_000L, l.time(0));
            sendChunks(link, 0x1234, file, 0, VmCopy.chunksFor(file.length));
            expectResult(link, Wire.VM_COPY, 0x1234, Wire.RESULT_NO_SUCH_MESSAGE);
            assertFalse(Files.exists(onDisk(0x1234)));
        }
    }

    @Test
    void brokenOversizedAndDisorderedCopiesAreRefused() throws Exception {
        try (TestPhone link = PeerLinkTest.link(relay.port, relayKey, peerKey, true)) {
            byte[] broken = file(1, 2);
            broken[100] ^= 1;
            sendChunks(link, 1, broken, 0, VmCopy.chunksFor(broken.length));
            expectResult(link, Wire.VM_COPY, 1, Wire.RESULT_MALFORMED);

            // voicemail.max.seconds=5: a 5 s PCMU message (40 kB) is the largest this relay takes.
            byte[] one = new byte[VmCopy.MAX_DATA];
            link.send(new VmCopy(2, 0, 42, one, 0, one.length));
            expectResult(link, Wire.VM_COPY, 2, Wire.RESULT_TOO_LARGE);

            byte[] good = file(3, 3);
            sendChunks(link, 3, good, 0, 1);
            sendChunks(link, 3, good, 2, 3);
            Result r = expectResult(link, Wire.VM_COPY, 3, Wire.RESULT_MALFORMED);
            assertEquals("chunk 2 of 5 out of order", r.detail);
            sendChunks(link, 3, good, 0, VmCopy.chunksFor(good.length));
            expectResult(link, Wire.VM_COPY, 3, Wire.RESULT_OK);
            assertFalse(Files.exists(onDisk(1)));
            assertFalse(Files.exists(onDisk(2)));
        }
    }

    @Test
    void copiesThatStopHalfWayGiveTheirSlotBack() throws Exception {
        try (TestPhone link = PeerLinkTest.link(relay.port, relayKey, peerKey, true)) {
            byte[] f = file(100, 2);
            for (long id = 100; id < 100 + VoicemailPeers.MOST_INCOMING; id++) {
                sendChunks(link, id, f, 0, 1); // and no more
            }
            sendChunks(link, 200, f, 0, 1);
            expectResult(link, Wire.VM_COPY, 200, Wire.RESULT_UNAVAILABLE);

            relay.advance(VoicemailPeers.ANSWER_MILLIS / 1000);
            byte[] g = file(300, 2);
            sendChunks(link, 300, g, 0, VmCopy.chunksFor(g.length));
            expectResult(link, Wire.VM_COPY, 300, Wire.RESULT_OK);
        }
    }
}
