package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.Hex;

/** VOICEMAIL_SETTINGS: bytes by hand, the JDK's Ed25519 agreeing on the signature, hostile fields named. */
class VoicemailSettingsTest {

    @Test
    void goldenBytesAndJdkSignature() throws Exception {
        VoicemailSettings s = VoicemailSettings.sign(TestKeys.PHONE, "555", 0x65000000L, 3, 25, 1, "a@b.io");
        byte[] b = s.encode();
        String expected = "30 01 03 55 5f " + Hex.of(TestKeys.PUBLIC_1) + " 65 00 00 00 03 19 01 06 61 40 62 2e 69 6f";
        assertEquals(Hex.of(Hex.bytes(expected)), Hex.of(java.util.Arrays.copyOf(b, b.length - 64)));
        byte[] sig = java.util.Arrays.copyOfRange(b, b.length - 64, b.length);
        assertTrue(TestKeys.jdkVerify(TestKeys.PUBLIC_1, "pippin voicemail settings v1",
            java.util.Arrays.copyOf(b, b.length - 64), sig));
        VoicemailSettings d = VoicemailSettings.decode(b, 0, b.length);
        assertEquals("555", d.number);
        assertEquals(0x65000000L, d.time);
        assertTrue(d.emails());
        assertTrue(d.deletesAfterEmail());
        assertEquals(25, d.ringSeconds);
        assertEquals(VoicemailSettings.GREETING_OWN, d.greeting);
        assertEquals("a@b.io", d.email);
        assertTrue(d.verify());
        assertFalse(d.toString().contains("a@b.io"), "the address stays out of logs");
    }

    @Test
    void flippedByteBreaksTheSignature() throws Exception {
        byte[] b = VoicemailSettings.sign(TestKeys.PHONE, "555", 1, 0, 0, 0, "").encode();
        b[b.length - 70] ^= 1; // the ring seconds
        assertFalse(VoicemailSettings.decode(b, 0, b.length).verify());
    }

    @Test
    void hostileFieldsAreNamed() throws Exception {
        byte[] b = VoicemailSettings.sign(TestKeys.PHONE, "555", 1, 0, 0, 0, "").encode();
        int flags = 2 + 3 + 32 + 4;
        byte[] badFlags = b.clone();
        badFlags[flags] = 4;
        assertEquals("VOICEMAIL_SETTINGS flags: 0x4 has unknown bits", assertThrows(IdentityException.class,
            () -> VoicemailSettings.decode(badFlags, 0, badFlags.length)).getMessage());
        byte[] emailWithoutAddress = b.clone();
        emailWithoutAddress[flags] = 1;
        assertEquals("VOICEMAIL_SETTINGS email: empty with the email flag set", assertThrows(IdentityException.class,
            () -> VoicemailSettings.decode(emailWithoutAddress, 0, emailWithoutAddress.length)).getMessage());
        byte[] truncated = java.util.Arrays.copyOf(b, b.length - 1);
        assertEquals("VOICEMAIL_SETTINGS truncated at signature", assertThrows(IdentityException.class,
            () -> VoicemailSettings.decode(truncated, 0, truncated.length)).getMessage());
    }

    @Test
    void addressesThatCouldBreakAHeaderAreRefused() {
        assertTrue(VoicemailSettings.isValidEmail("owner+vm@mail.example.org"));
        for (String bad : new String[] {"a b@c.d", "a@b.c\r\nBcc: x@y.z", "<a@b.c>", "a@b", "@b.c", "a@", "a@@b.c",
            "\"a\"@b.c", "a@b.c,d@e.f"}) {
            assertFalse(VoicemailSettings.isValidEmail(bad), bad);
        }
        assertThrows(IllegalArgumentException.class,
            () -> VoicemailSettings.sign(TestKeys.PHONE, "555", 1, 1, 0, 0, ""));
    }
}
