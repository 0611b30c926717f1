package org.pippin.relay.callerid;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * How the relay checks caller ids and key shares in INVITE and ANSWER ({@code callerid.*}, documented in
 * pippin-relay.conf): the clock window of their time stamps and the bounds of the memory of used nonces. Validated,
 * clamped with a warning naming the key, then sealed.
 */
public final class CallerIdConfig {

    public static final Set<String> KEYS = Set.of("callerid.window.seconds", "callerid.nonces",
            "callerid.nonces.per.caller");

    /** A CALLER_ID or KEY_SHARE time may differ from the relay's clock by this much, either way. */
    public final int windowSeconds;
    /** Nonces remembered at most, over all callers. */
    public final int nonces;
    /** Nonces remembered at most per caller: calls one number may start within twice the window. */
    public final int noncesPerCaller;

    private CallerIdConfig(Properties p, List<String> warn) throws ConfigException {
        windowSeconds = clamp(warn, "callerid.window.seconds", integer(p, "callerid.window.seconds"), 30, 3600);
        nonces = clamp(warn, "callerid.nonces", integer(p, "callerid.nonces"), 1000, 10_000_000);
        noncesPerCaller = clamp(warn, "callerid.nonces.per.caller", integer(p, "callerid.nonces.per.caller"), 4,
                nonces);
    }

    /** Reads the {@code callerid.*} keys from the relay's merged properties; clamp warnings go to {@code warn}. */
    public static CallerIdConfig read(Properties p, List<String> warn) throws ConfigException {
        return new CallerIdConfig(p, warn);
    }

    private static int integer(Properties p, String key) throws ConfigException {
        String v = p.getProperty(key, "").trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static int clamp(List<String> warn, String key, int value, int min, int max) {
        int clamped = Math.max(min, Math.min(max, value));
        if (clamped != value) {
            warn.add(key + "=" + value + " is outside " + min + ".." + max + "; using " + clamped);
        }
        return clamped;
    }

    @Override
    public String toString() {
        return "window=" + windowSeconds + "s nonces=" + nonces + " (" + noncesPerCaller + " per caller)";
    }
}
