package org.pippin.relay.dht;

import java.util.Arrays;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Numbers;

/**
 * Where a phone is now: number → the relay serving it, written and signed by that relay, re-written before it
 * expires. Readers keep only records that verify, belong to their network and number, and have not expired, and of
 * those the newest attachment wins (a phone that moved is found at its new relay at once).
 *
 * <pre>
 * | version (1) | network (u32) | number (u8 len, digits) | relay key (32) | attached ms (u64) |
 * | expires ms (u64) | relay address (u8 len, "host:port") | signature (64, Ed25519 by relay key) |
 * </pre>
 */
public final class PresenceRecord {

    static final String DOMAIN = "pippin-dht-presence";
    private static final int VERSION = 1;

    public final long network;
    public final String number;
    private final byte[] relayKey;
    /** When the phone attached (wall clock, ms): the record's sequence; re-writes keep it. */
    public final long attachedMillis;
    public final long expiresMillis;
    public final String relayAddress;

    public PresenceRecord(long network, String number, byte[] relayKey, long attachedMillis, long expiresMillis,
            String relayAddress) {
        this.network = network;
        this.number = number;
        this.relayKey = relayKey.clone();
        this.attachedMillis = attachedMillis;
        this.expiresMillis = expiresMillis;
        this.relayAddress = relayAddress;
    }

    public byte[] relayKey() {
        return relayKey.clone();
    }

    public boolean isFrom(byte[] key) {
        return Arrays.equals(relayKey, key);
    }

    public byte[] sign(IdentityKey key) {
        if (!Arrays.equals(key.publicKey(), relayKey)) {
            throw new IllegalArgumentException("a presence record is signed by the relay it names");
        }
        return new RecordCodec.Out().u8(VERSION).u32(network).text(number).raw(relayKey).u64(attachedMillis)
                .u64(expiresMillis).text(relayAddress).sign(key, DOMAIN);
    }

    /**
     * Decodes and verifies a value read under {@code number}'s presence key.
     *
     * @throws RecordException if it is malformed, badly signed, of another network or number, or expired at
     *         {@code nowMillis}
     */
    public static PresenceRecord verify(byte[] value, long network, String number, long nowMillis)
            throws RecordException {
        RecordCodec.In in = new RecordCodec.In(value, "presence record");
        int version = in.u8("version");
        if (version != VERSION) {
            throw new RecordException("presence record version " + version + ", expected " + VERSION);
        }
        long net = in.u32("network");
        String n = in.text("number");
        byte[] key = in.raw(IdentityKey.PUBLIC_KEY_SIZE, "relay key");
        long attached = in.u64("attached");
        long expires = in.u64("expires");
        String address = in.text("relay address");
        in.verify(key, DOMAIN);
        if (net != network) {
            throw new RecordException("presence record of network " + net + ", expected " + network);
        }
        if (!n.equals(number) || !Numbers.isValid(n)) {
            throw new RecordException("presence record for " + n + " under the key of " + number);
        }
        if (expires <= nowMillis) {
            throw new RecordException("presence record of " + n + " expired " + (nowMillis - expires) + " ms ago",
                    true);
        }
        return new PresenceRecord(net, n, key, attached, expires, address);
    }

    @Override
    public String toString() {
        return "presence " + number + " at " + relayAddress + " (relay " + IdentityKey.fingerprint(relayKey)
                + ", attached " + attachedMillis + ")";
    }
}
