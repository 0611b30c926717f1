package org.pippin.relay.linked;

import static org.pippin.relay.ConfigValues.bool;
import static org.pippin.relay.ConfigValues.clamp;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * Linked numbers ({@code links.*}): whether calls fork to the numbers owners link, and how external numbers are
 * verified before they ever ring. Validated, clamped with a warning naming the key, then sealed.
 */
public final class LinksConfig {

    public static final Set<String> KEYS = Set.of("links.enabled", "links.code.digits", "links.code.seconds",
            "links.code.attempts", "links.verify.ring.seconds", "links.verify.calls.per.day", "links.cache.seconds");

    public final boolean enabled;
    /** Digits of a verification code. */
    public final int codeDigits;
    /** How long a code can be entered after its call was placed. */
    public final int codeSeconds;
    /** Wrong codes allowed per verification call. */
    public final int codeAttempts;
    /** How long a verification call rings before it is cancelled. */
    public final int verifyRingSeconds;
    /** Verification calls per owner number in any 24 hours: nobody uses a relay to ring strangers' phones. */
    public final int verifyCallsPerDay;
    /** How long the registrar's answer about a number's links is reused for its calls. */
    public final int cacheSeconds;

    private LinksConfig(Properties p, List<String> warn) throws ConfigException {
        enabled = bool(p, "links.enabled");
        codeDigits = clamp(warn, p, "links.code.digits", 4, 8);
        codeSeconds = clamp(warn, p, "links.code.seconds", 60, 3600);
        codeAttempts = clamp(warn, p, "links.code.attempts", 1, 10);
        verifyRingSeconds = clamp(warn, p, "links.verify.ring.seconds", 10, 120);
        verifyCallsPerDay = clamp(warn, p, "links.verify.calls.per.day", 1, 100);
        cacheSeconds = clamp(warn, p, "links.cache.seconds", 0, 3600);
    }

    public static LinksConfig from(Properties p, List<String> warn) throws ConfigException {
        return new LinksConfig(p, warn);
    }




    @Override
    public String toString() {
        return "links: " + (enabled ? "on" : "off") + " code=" + codeDigits + " digits/" + codeSeconds + "s/"
                + codeAttempts + " tries, verify ring=" + verifyRingSeconds + "s calls/day=" + verifyCallsPerDay
                + " cache=" + cacheSeconds + "s";
    }
}
