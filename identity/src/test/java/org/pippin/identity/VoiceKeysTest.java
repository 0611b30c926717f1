package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;
import org.pippin.protocol.VoicePacket;

/** Two phones agree voice keys from signed key shares and talk in both directions. */
class VoiceKeysTest {
    private static final byte[] NONCE = Hex.bytes("01 02 03 04 05 06 07 08");
    private static final long T = 1764000000L;

    private final Drbg random = new Drbg(new byte[32]);
    private final EphemeralKey callerEph = EphemeralKey.generate(random);
    private final EphemeralKey calleeEph = EphemeralKey.generate(random);
    private final KeyShare callerShare = KeyShare.sign(TestKeys.PHONE, KeyShare.CALLER, "111", "222", NONCE, T,
        callerEph);
    private final KeyShare calleeShare = KeyShare.sign(TestKeys.REGISTRAR, KeyShare.CALLEE, "111", "222", NONCE, T,
        calleeEph);

    private static void talk(VoiceCipher from, VoiceCipher to, int seq) {
        byte[] plain = Hex.bytes("de ad be ef 00 11 22 33");
        byte[] p = new byte[4 + plain.length + VoiceCipher.TAG_SIZE];
        VoicePacket.writeHeader(p, 0, 1, seq);
        System.arraycopy(plain, 0, p, 4, plain.length);
        int len = from.seal(p, 0, 4 + plain.length);
        assertEquals(4 + plain.length, to.open(p, 0, len));
        assertArrayEquals(plain, java.util.Arrays.copyOfRange(p, 4, 4 + plain.length));
    }

    @Test
    void bothDirections() throws IdentityException {
        KeyShare callerSeen = KeyShare.decode(callerShare.encode(), 0, callerShare.length());
        KeyShare calleeSeen = KeyShare.decode(calleeShare.encode(), 0, calleeShare.length());
        assertTrue(callerSeen.verify(TestKeys.PUBLIC_1));
        assertTrue(calleeSeen.verify(TestKeys.PUBLIC_2));
        VoiceKeys caller = VoiceKeys.derive(callerEph, callerShare, calleeSeen, KeyShare.CALLER);
        VoiceKeys callee = VoiceKeys.derive(calleeEph, callerSeen, calleeShare, KeyShare.CALLEE);
        talk(caller.send, callee.receive, 0);
        talk(callee.send, caller.receive, 0);
        talk(caller.send, callee.receive, 1);
        // Each direction has its own keys: a packet sent by the caller does not open as one from the callee.
        byte[] p = new byte[12];
        VoicePacket.writeHeader(p, 0, 1, 2);
        int len = caller.send.seal(p, 0, 8);
        assertEquals(-1, caller.receive.open(p, 0, len));
    }

    /** An anonymous caller's share is unsigned; the callee's answer to it is signed and the keys work alike. */
    @Test
    void anonymousCaller() throws IdentityException {
        KeyShare anon = KeyShare.anonymous("222", NONCE, T, callerEph);
        KeyShare answer = KeyShare.sign(TestKeys.REGISTRAR, KeyShare.CALLEE, "", "222", NONCE, T, calleeEph);
        KeyShare anonSeen = KeyShare.decode(anon.encode(), 0, anon.length());
        KeyShare answerSeen = KeyShare.decode(answer.encode(), 0, answer.length());
        assertTrue(anonSeen.isAnonymous());
        assertTrue(answerSeen.verify(TestKeys.PUBLIC_2));
        VoiceKeys caller = VoiceKeys.derive(callerEph, anon, answerSeen, KeyShare.CALLER);
        VoiceKeys callee = VoiceKeys.derive(calleeEph, anonSeen, answer, KeyShare.CALLEE);
        talk(caller.send, callee.receive, 7);
        talk(callee.send, caller.receive, 7);
        // The callee's share answers a named caller's call, not this anonymous one.
        assertThrows(IdentityException.class, () -> VoiceKeys.derive(callerEph, anon, calleeShare, KeyShare.CALLER));
    }

    @Test
    void sharesOfDifferentCallsAreRefused() {
        KeyShare otherCall = KeyShare.sign(TestKeys.REGISTRAR, KeyShare.CALLEE, "111", "222", new byte[8], T,
            calleeEph);
        assertEquals("KEY_SHARE pair is not a caller and a callee of one call", assertThrows(IdentityException.class,
            () -> VoiceKeys.derive(callerEph, callerShare, otherCall, KeyShare.CALLER)).getMessage());
        assertEquals("KEY_SHARE pair is not a caller and a callee of one call", assertThrows(IdentityException.class,
            () -> VoiceKeys.derive(callerEph, calleeShare, callerShare, KeyShare.CALLER)).getMessage());
        assertEquals("KEY_SHARE of this side does not hold this side's ephemeral key",
            assertThrows(IdentityException.class,
                () -> VoiceKeys.derive(calleeEph, callerShare, calleeShare, KeyShare.CALLER)).getMessage());
    }
}
