package org.pippin.relay.ddns;

import java.net.InetAddress;
import java.util.List;

/**
 * What the DDNS client last did, for logs, health checks and a status page. Immutable; times are on the relay's
 * clock (milliseconds), so "seconds ago" is {@code (clock.nowMillis() - lastUpdateMillis) / 1000}.
 *
 * @param state            OFF (not configured), STARTING (nothing published yet), OK, RETRYING (last attempt
 *                         failed, will retry with backoff) or STOPPED (the server refused for good; needs an operator)
 * @param published        the addresses last accepted by the server; empty before the first success
 * @param lastUpdateMillis when they were accepted; -1 before the first success
 * @param lastError        the last failure in words (with the DNS rcode and TSIG error, or the dyndns2 code);
 *                         null after a success
 * @param failures         failed attempts in a row
 * @param nextCheckMillis  when the address is looked at next; -1 when stopped
 */
public record DdnsStatus(String state, List<InetAddress> published, long lastUpdateMillis, String lastError,
                         int failures, long nextCheckMillis) {

    public static final String OFF = "OFF";
    public static final String STARTING = "STARTING";
    public static final String OK = "OK";
    public static final String RETRYING = "RETRYING";
    public static final String STOPPED = "STOPPED";

    public static final DdnsStatus DISABLED = new DdnsStatus(OFF, List.of(), -1, null, 0, -1);

    public DdnsStatus {
        published = List.copyOf(published);
    }

    /** True when nothing needs an operator's attention. */
    public boolean healthy() {
        return OFF.equals(state) || OK.equals(state);
    }
}
