package org.pippin.relay.dht;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pippin.identity.IdentityKey;

/**
 * One relay's entry in the network's relay directory: where it is reached, its uplink budget and its current load,
 * signed by the relay. Stored under one of a few sharded keys (by the relay key), so the directory is read with a few
 * gets and no key holds every relay. The sequence is the time of writing: a reader keeps the newest per relay.
 *
 * <pre>
 * | version (1) | network (u32) | relay key (32) | sequence ms (u64) | expires ms (u64) | uplink kbit/s (u32) |
 * | load kbit/s (u32) | calls (u32) | phones (u32) | addresses (u8 count, each u8 len + "host:port") |
 * | signature (64, Ed25519 by relay key) |
 * </pre>
 */
public final class DirectoryRecord {

    static final String DOMAIN = "pippin-dht-directory";
    private static final int VERSION = 1;
    /** More addresses than a relay has interfaces is not a directory entry. */
    static final int MAX_ADDRESSES = 8;

    public final long network;
    private final byte[] relayKey;
    public final long sequence;
    public final long expiresMillis;
    public final long uplinkKbps;
    public final long loadKbps;
    public final long calls;
    public final long phones;
    public final List<String> addresses;

    public DirectoryRecord(long network, byte[] relayKey, long sequence, long expiresMillis, long uplinkKbps,
            long loadKbps, long calls, long phones, List<String> addresses) {
        if (addresses.isEmpty() || addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a relay publishes 1.." + MAX_ADDRESSES + " addresses");
        }
        this.network = network;
        this.relayKey = relayKey.clone();
        this.sequence = sequence;
        this.expiresMillis = expiresMillis;
        this.uplinkKbps = uplinkKbps;
        this.loadKbps = loadKbps;
        this.calls = calls;
        this.phones = phones;
        this.addresses = Collections.unmodifiableList(new ArrayList<>(addresses));
    }

    public byte[] relayKey() {
        return relayKey.clone();
    }

    /** Uplink left for more calls, in kbit/s (0 when at or over budget). */
    public long spareKbps() {
        return Math.max(0, uplinkKbps - loadKbps);
    }

    public byte[] sign(IdentityKey key) {
        RecordCodec.Out out = new RecordCodec.Out().u8(VERSION).u32(network).raw(relayKey).u64(sequence)
                .u64(expiresMillis).u32(uplinkKbps).u32(loadKbps).u32(calls).u32(phones).u8(addresses.size());
        for (String a : addresses) {
            out.text(a);
        }
        return out.sign(key, DOMAIN);
    }

    /**
     * Decodes and verifies a value read from a directory shard.
     *
     * @throws RecordException if it is malformed, badly signed, of another network or expired at {@code nowMillis}
     */
    public static DirectoryRecord verify(byte[] value, long network, long nowMillis) throws RecordException {
        RecordCodec.In in = new RecordCodec.In(value, "directory record");
        int version = in.u8("version");
        if (version != VERSION) {
            throw new RecordException("directory record version " + version + ", expected " + VERSION);
        }
        long net = in.u32("network");
        byte[] key = in.raw(IdentityKey.PUBLIC_KEY_SIZE, "relay key");
        long seq = in.u64("sequence");
        long expires = in.u64("expires");
        long uplink = in.u32("uplink");
        long load = in.u32("load");
        long calls = in.u32("calls");
        long phones = in.u32("phones");
        int count = in.u8("address count");
        if (count == 0 || count > MAX_ADDRESSES) {
            throw new RecordException("directory record with " + count + " addresses, expected 1.."
                    + MAX_ADDRESSES);
        }
        List<String> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(in.text("address"));
        }
        in.verify(key, DOMAIN);
        if (net != network) {
            throw new RecordException("directory record of network " + net + ", expected " + network);
        }
        if (expires <= nowMillis) {
            throw new RecordException("directory record expired " + (nowMillis - expires) + " ms ago", true);
        }
        return new DirectoryRecord(net, key, seq, expires, uplink, load, calls, phones, addresses);
    }

    @Override
    public String toString() {
        return "relay " + IdentityKey.fingerprint(relayKey) + " at " + addresses + " load " + loadKbps + "/"
                + uplinkKbps + " kbit/s, " + calls + " calls, " + phones + " phones";
    }
}
