package org.pippin.relay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Locale;

/**
 * The web face's Host-header check on arbitrary values: what it accepts is short, lower case, has no character a JAD
 * or URL could be split on, is accepted again unchanged, and its host part passes {@link Hosts#isHost}.
 */
class HostsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void hostAndPort(String value) {
        String accepted = Hosts.hostAndPort(value);
        if (accepted == null) {
            return;
        }
        assertTrue(accepted.length() <= 259);
        assertEquals(accepted.toLowerCase(Locale.ROOT), accepted);
        for (int i = 0; i < accepted.length(); i++) {
            char c = accepted.charAt(i);
            assertTrue(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '.' || c == '-' || c == ':' || c == '['
                || c == ']', "character " + (int) c + " in " + accepted);
        }
        assertEquals(accepted, Hosts.hostAndPort(accepted));
        assertTrue(Hosts.isHost(Hosts.hostOf(accepted)));
    }
}
