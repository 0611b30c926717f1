package org.pippin.relay.claims;

import static org.pippin.relay.ConfigValues.clamp;
import static org.pippin.relay.ConfigValues.integer;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * How many CLAIMs the relay forwards per source address and per key ({@code claims.*}, documented in
 * pippin-relay.conf). Proof of work costs a PC about 30 ms per claim, so these limits, not the work, are what stop
 * one machine from claiming numbers by the thousand. Validated, clamped with a warning naming the key, then sealed.
 */
public final class ClaimLimitConfig {

    public static final Set<String> KEYS = Set.of("claims.address.max", "claims.address.seconds", "claims.key.max",
            "claims.key.seconds", "claims.tracked");

    /** Claims one source address (an IPv4 address, an IPv6 /64) may make at once; they come back over the period. */
    public final int addressMax;
    public final int addressSeconds;
    /** Claims one identity key may make at once; they come back over the period. */
    public final int keyMax;
    public final int keySeconds;
    /** Addresses and keys remembered at most (the least recently seen are forgotten first). */
    public final int tracked;

    private ClaimLimitConfig(Properties p, List<String> warn) throws ConfigException {
        addressMax = clamp(warn, "claims.address.max", integer(p, "claims.address.max"), 1, 1_000_000);
        addressSeconds = clamp(warn, "claims.address.seconds", integer(p, "claims.address.seconds"), 1, 2_592_000);
        keyMax = clamp(warn, "claims.key.max", integer(p, "claims.key.max"), 1, 1_000_000);
        keySeconds = clamp(warn, "claims.key.seconds", integer(p, "claims.key.seconds"), 1, 2_592_000);
        tracked = clamp(warn, "claims.tracked", integer(p, "claims.tracked"), 1000, 10_000_000);
    }

    /** Reads the {@code claims.*} keys from the relay's merged properties; clamp warnings go to {@code warn}. */
    public static ClaimLimitConfig read(Properties p, List<String> warn) throws ConfigException {
        return new ClaimLimitConfig(p, warn);
    }



    @Override
    public String toString() {
        return addressMax + " per " + addressSeconds + "s per address, " + keyMax + " per " + keySeconds
                + "s per key";
    }
}
