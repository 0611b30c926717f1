package org.pippin.relay.callerid;

import static org.pippin.relay.ConfigValues.clamp;
import static org.pippin.relay.ConfigValues.integer;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * How the relay checks caller ids and key shares in INVITE and ANSWER ({@code callerid.*}, documented in
 * pippin-relay.conf): the clock window of their time stamps, the bounds of the memory of used nonces, and how often
 * the block lists the relay enforces are fetched again. Validated, clamped with a warning naming the key, then sealed.
 */
public final class CallerIdConfig {

    public static final Set<String> KEYS = Set.of("callerid.window.seconds", "callerid.nonces",
            "callerid.nonces.per.caller", "callerid.blocklist.refresh.seconds");

    /** A CALLER_ID or KEY_SHARE time may differ from the relay's clock by this much, either way. */
    public final int windowSeconds;
    /** Nonces remembered at most, over all callers. */
    public final int nonces;
    /** Nonces remembered at most per caller: calls one number may start within twice the window. */
    public final int noncesPerCaller;
    /**
     * How old the block list of a number logged in here may grow before the relay asks the registrar again, so a list
     * the owner changed through another relay is enforced here too.
     */
    public final int blockListRefreshSeconds;

    private CallerIdConfig(Properties p, List<String> warn) throws ConfigException {
        windowSeconds = clamp(warn, "callerid.window.seconds", integer(p, "callerid.window.seconds"), 30, 3600);
        nonces = clamp(warn, "callerid.nonces", integer(p, "callerid.nonces"), 1000, 10_000_000);
        noncesPerCaller = clamp(warn, "callerid.nonces.per.caller", integer(p, "callerid.nonces.per.caller"), 4,
                nonces);
        blockListRefreshSeconds = clamp(warn, "callerid.blocklist.refresh.seconds",
                integer(p, "callerid.blocklist.refresh.seconds"), 10, 86_400);
    }

    /** Reads the {@code callerid.*} keys from the relay's merged properties; clamp warnings go to {@code warn}. */
    public static CallerIdConfig read(Properties p, List<String> warn) throws ConfigException {
        return new CallerIdConfig(p, warn);
    }



    @Override
    public String toString() {
        return "window=" + windowSeconds + "s nonces=" + nonces + " (" + noncesPerCaller + " per caller) blocklist.refresh="
                + blockListRefreshSeconds + "s";
    }
}
