package org.pippin.registrar;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.LinkCheck;
import org.pippin.identity.LinkedNumbers;
import org.pippin.identity.LoginProof;
import org.pippin.identity.Release;

/**
 * The registry itself, deterministic: the same log entries in the same order give the same state and the same
 * decisions on every member. Time is the leader's stamp carried in each entry (never the local clock), random claims
 * draw from the entry's seed, and inactivity, quarantine and remembered claims expire as entries carry time past
 * their deadlines. Queries see the state as of the newest entry. Not thread-safe: the state machine serialises access.
 */
final class RegistryState {

    /** 2 added linked numbers; version 1 snapshots still load (with none). */
    private static final int SNAPSHOT_VERSION = 2;
    /** Most external numbers kept verified per owner. */
    static final int MAX_VERIFIED = 16;
    /** Numbers a random claim tries, starting at the seed's pick, before it gives up. */
    static final int RANDOM_PROBES = 100_000;

    /**
     * The owner of a number; times in milliseconds except {@code lastProof}, the time in seconds of the newest record
     * the owner signed, so older releases and logins are refused.
     */
    record Owner(byte[] publicKey, long claimedAt, long lastLogin, long lastProof) {
    }

    /** A released number: who released it when, and when it may be claimed again (milliseconds). */
    record Quarantine(byte[] publicKey, long since, long until) {
    }

    private record Deadline(long at, String id) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    private record StoredBlockList(long sequence, byte[] signed) {
    }

    private record Seen(long until, String number) {
    }

    /** A decision and what its reply carries: a registrar record to sign, or bytes to pass on. */
    static final class Decision {
        final Outcome outcome;
        final String detail;
        final String number;
        final Owner owner;
        final Quarantine quarantine;
        final byte[] passOn;

        private Decision(Outcome outcome, String detail, String number, Owner owner, Quarantine quarantine,
                byte[] passOn) {
            this.outcome = outcome;
            this.detail = detail;
            this.number = number;
            this.owner = owner;
            this.quarantine = quarantine;
            this.passOn = passOn;
        }

        static Decision of(Outcome outcome, String detail) {
            return new Decision(outcome, detail, null, null, null, null);
        }

        static Decision owned(Outcome outcome, String number, Owner owner) {
            return new Decision(outcome, "", number, owner, null, null);
        }

        static Decision quarantined(Outcome outcome, String number, Quarantine q) {
            return new Decision(outcome, "", number, null, q, null);
        }

        /** The reply bytes; records about a number are signed with {@code key}, issued at {@code nowMillis}. */
        byte[] reply(RegistrarKey key, long nowMillis) {
            byte[] record;
            if (owner != null) {
                record = key.owned(number, owner, nowMillis);
            } else if (quarantine != null) {
                record = key.quarantine(number, quarantine, nowMillis);
            } else {
                record = passOn == null ? new byte[0] : passOn;
            }
            return Commands.reply(outcome, record, detail);
        }
    }

    private final TreeMap<String, Owner> owners = new TreeMap<>();
    /** Owners by last login, so inactivity expiry looks only at the oldest. */
    private final TreeSet<Deadline> byLogin = new TreeSet<>();
    private final TreeMap<String, Quarantine> quarantined = new TreeMap<>();
    private final TreeSet<Deadline> byQuarantineEnd = new TreeSet<>();
    private final TreeMap<String, StoredBlockList> blockLists = new TreeMap<>();
    /** Owners' LINKED_NUMBERS records (as block lists: newest sequence). */
    private final TreeMap<String, StoredBlockList> links = new TreeMap<>();
    /** External numbers verified per owner number, written when a relay matched the verification code. */
    private final TreeMap<String, TreeSet<String>> verified = new TreeMap<>();
    /**
     * Claims applied (key and nonce) and the number each got, kept until their time leaves the clock window, so none
     * applies twice.
     */
    private final TreeMap<String, Seen> seenClaims = new TreeMap<>();
    private final TreeSet<Deadline> bySeenExpiry = new TreeSet<>();
    /** The newest entry time applied: decisions use this, so time never runs backwards across leaders. */
    private long now;
    /** The settings of the newest entry applied; null before the first. */
    private NetworkSettings settings;

    long now() {
        return now;
    }

    NetworkSettings settings() {
        return settings;
    }

    int ownedCount() {
        return owners.size();
    }

    /** Applies one leader-stamped log entry. */
    Decision apply(byte[] entry) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
        int type;
        byte[] body;
        long seed;
        try {
            if (in.readUnsignedByte() != Commands.ENTRY_VERSION) {
                return Decision.of(Outcome.MALFORMED, "log entry version");
            }
            long time = in.readLong();
            seed = in.readLong();
            byte[] s = new byte[in.readUnsignedShort()];
            in.readFully(s);
            settings = NetworkSettings.read(new DataInputStream(new ByteArrayInputStream(s)));
            now = Math.max(now, time);
            type = in.available() > 0 ? in.readUnsignedByte() : -1;
            body = in.readAllBytes();
        } catch (IOException e) {
            // Only a leader writes entries; a broken one changes nothing, on every member alike.
            return Decision.of(Outcome.MALFORMED, "log entry: " + e.getMessage());
        }
        expire();
        switch (type) {
            case Commands.CLAIM:
                return claim(body, seed);
            case Commands.RELEASE:
                return release(body);
            case Commands.LOGIN:
                return login(body);
            case Commands.BLOCK_LIST:
                return blockList(body);
            case Commands.LINKS:
                return links(body);
            case Commands.LINK_VERIFIED:
                return linkVerified(body);
            case Commands.TOO_LARGE:
                return Decision.of(Outcome.TOO_LARGE, "request over " + Commands.MAX_COMMAND + " bytes");
            default:
                return Decision.of(Outcome.MALFORMED, type < 0 ? "empty request" : "unknown request type " + type);
        }
    }

    /**
     * Answers a read-only request from the state as of the newest entry applied, except that a quarantine over by
     * {@code readMillis} (this member's clock) reads as free: expiry is otherwise applied only when an entry carries
     * time past it, and a quiet group would keep saying "not in service" for a number anyone may claim. Before the
     * first entry there is no history to agree with, so the member's {@code configured} plan answers.
     */
    Decision query(byte[] request, long readMillis, NetworkSettings configured) {
        if (request.length < 1) {
            return Decision.of(Outcome.MALFORMED, "empty request");
        }
        if (request.length - 1 > Commands.MAX_NUMBER) {
            return Decision.of(Outcome.TOO_LARGE, "number of " + (request.length - 1) + " characters");
        }
        String number = new String(request, 1, request.length - 1, StandardCharsets.US_ASCII);
        switch (request[0]) {
            case Commands.LOOKUP:
                Owner o = owners.get(number);
                if (o != null) {
                    return Decision.owned(Outcome.OWNED, number, o);
                }
                Decision refused = unavailable(number, readMillis, settings != null ? settings : configured);
                return refused != null ? refused : Decision.of(Outcome.FREE, "");
            case Commands.GET_BLOCK_LIST:
                StoredBlockList list = blockLists.get(number);
                return list == null ? Decision.of(Outcome.NOT_FOUND, "")
                        : new Decision(Outcome.OK, "", number, null, null, list.signed());
            case Commands.GET_LINKS:
                StoredBlockList l = links.get(number);
                TreeSet<String> v = verified.get(number);
                if (l == null && v == null) {
                    return Decision.of(Outcome.NOT_FOUND, "");
                }
                return new Decision(Outcome.OK, "", number, null, null,
                        Links.encode(l == null ? new byte[0] : l.signed(), v == null ? new TreeSet<>() : v));
            default:
                return Decision.of(Outcome.MALFORMED, "unknown query type " + request[0]);
        }
    }

    /** Why nobody can claim {@code number} at {@code at} under {@code plan}, or null if it is free. */
    private Decision unavailable(String number, long at, NetworkSettings plan) {
        if (!plan.inPlan(number)) {
            return Decision.of(Outcome.NOT_IN_PLAN, "numbers have " + plan.digits + " digits");
        }
        if (plan.isReserved(Long.parseLong(number))) {
            return Decision.of(Outcome.RESERVED, "");
        }
        Quarantine q = quarantined.get(number);
        if (q != null && q.until() > at) {
            return Decision.quarantined(Outcome.QUARANTINED, number, q);
        }
        return owners.containsKey(number) ? Decision.of(Outcome.TAKEN, "") : null;
    }

    private Decision claim(byte[] body, long seed) {
        PhoneRecords.Checked<Claim> checked = PhoneRecords.claim(body, settings, now);
        if (checked.refusal != null) {
            return Decision.of(checked.refusal, checked.detail);
        }
        Claim c = checked.value;
        byte[] key = c.publicKey();
        String seenId = HexFormat.of().formatHex(key) + ":" + Long.toHexString(c.nonce);
        Seen seen = seenClaims.get(seenId);
        if (seen != null) {
            // A phone that resends its claim (the answer was lost) learns what it owns from the record; nothing changes.
            Owner o = owners.get(seen.number());
            Decision d = o != null && Arrays.equals(o.publicKey(), key)
                    ? Decision.owned(Outcome.REPLAYED, seen.number(), o) : Decision.of(Outcome.REPLAYED, "");
            return new Decision(d.outcome, "CLAIM with this key and nonce was applied before", d.number, d.owner, null,
                    null);
        }
        String number;
        if (c.mode == Claim.RANDOM) {
            number = pickFree(c.number, seed);
            if (number == null) {
                return Decision.of(Outcome.NO_FREE_NUMBER, "prefix '" + c.number + "'");
            }
        } else {
            number = c.number;
            Owner current = owners.get(number);
            if (current != null && Arrays.equals(current.publicKey(), key)) {
                remember(seenId, c.time, number);
                return Decision.owned(Outcome.GRANTED, number, current);
            }
            Decision refused = unavailable(number, now, settings);
            if (refused != null) {
                return refused;
            }
        }
        remember(seenId, c.time, number);
        Owner owner = new Owner(key, now, now, c.time);
        owners.put(number, owner);
        byLogin.add(new Deadline(now, number));
        return Decision.owned(Outcome.GRANTED, number, owner);
    }

    private void remember(String seenId, long claimSeconds, String number) {
        long until = claimSeconds * 1000 + settings.windowMillis();
        seenClaims.put(seenId, new Seen(until, number));
        bySeenExpiry.add(new Deadline(until, seenId));
    }

    /**
     * A free, unreserved number starting with {@code prefix}, drawn deterministically from the entry's seed, or null
     * if none was found.
     */
    private String pickFree(String prefix, long seed) {
        int free = settings.digits - prefix.length();
        if (free < 0 || !NetworkSettings.isPlanNumber(prefix, prefix.length())) {
            return null;
        }
        long span = 1;
        for (int i = 0; i < free; i++) {
            span *= 10;
        }
        long base = prefix.isEmpty() ? 0 : Long.parseLong(prefix) * span;
        long start = Math.floorMod(mix(seed), span);
        for (long i = 0; i < RANDOM_PROBES && i < span; i++) {
            long value = base + (start + i) % span;
            if (settings.isReserved(value)) {
                continue;
            }
            String n = settings.format(value);
            if (!owners.containsKey(n) && !quarantined.containsKey(n)) {
                return n;
            }
        }
        return null;
    }

    /** SplitMix64's finaliser: spreads the seed's bits over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private Decision release(byte[] body) {
        PhoneRecords.Checked<Release> checked = PhoneRecords.release(body, settings, now);
        if (checked.refusal != null) {
            return Decision.of(checked.refusal, checked.detail);
        }
        Release r = checked.value;
        Owner o = owners.get(r.number);
        if (o == null || !Arrays.equals(o.publicKey(), r.publicKey())) {
            return Decision.of(Outcome.NOT_OWNER, "RELEASE key does not own " + r.number);
        }
        if (r.time < o.lastProof()) {
            return Decision.of(Outcome.STALE, "RELEASE older than the owner's newest record");
        }
        Quarantine q = new Quarantine(o.publicKey(), now, now + settings.quarantineMillis());
        quarantine(r.number, o, q);
        return Decision.quarantined(Outcome.OK, r.number, q);
    }

    private Decision login(byte[] body) {
        PhoneRecords.Checked<LoginProof> checked = PhoneRecords.login(body, settings, now);
        if (checked.refusal != null) {
            return Decision.of(checked.refusal, checked.detail);
        }
        LoginProof l = checked.value;
        Owner o = owners.get(l.number);
        if (o == null || !Arrays.equals(o.publicKey(), l.publicKey())) {
            return Decision.of(Outcome.NOT_OWNER, "LOGIN_PROOF key does not own " + l.number);
        }
        if (l.time < o.lastProof()) {
            return Decision.of(Outcome.STALE, "LOGIN_PROOF older than the owner's newest record");
        }
        byLogin.remove(new Deadline(o.lastLogin(), l.number));
        Owner touched = new Owner(o.publicKey(), o.claimedAt(), now, l.time);
        owners.put(l.number, touched);
        byLogin.add(new Deadline(now, l.number));
        return Decision.owned(Outcome.OK, l.number, touched);
    }

    private Decision blockList(byte[] body) {
        PhoneRecords.Checked<BlockList> checked = PhoneRecords.blockList(body);
        if (checked.refusal != null) {
            return Decision.of(checked.refusal, checked.detail);
        }
        BlockList b = checked.value;
        Owner o = owners.get(b.owner);
        if (o == null || !Arrays.equals(o.publicKey(), b.ownerKey())) {
            return Decision.of(Outcome.NOT_OWNER, "BLOCK_LIST key does not own " + b.owner);
        }
        StoredBlockList stored = blockLists.get(b.owner);
        if (stored != null && b.sequence <= stored.sequence()) {
            return Decision.of(Outcome.REPLAYED, "BLOCK_LIST sequence " + b.sequence + ", stored "
                    + stored.sequence());
        }
        blockLists.put(b.owner, new StoredBlockList(b.sequence, body.clone()));
        return Decision.of(Outcome.OK, "");
    }

    private Decision links(byte[] body) {
        PhoneRecords.Checked<LinkedNumbers> checked = PhoneRecords.links(body);
        if (checked.refusal != null) {
            return Decision.of(checked.refusal, checked.detail);
        }
        LinkedNumbers l = checked.value;
        Owner o = owners.get(l.owner);
        if (o == null || !Arrays.equals(o.publicKey(), l.ownerKey())) {
            return Decision.of(Outcome.NOT_OWNER, "LINKED_NUMBERS key does not own " + l.owner);
        }
        StoredBlockList stored = links.get(l.owner);
        if (stored != null && l.sequence <= stored.sequence()) {
            return Decision.of(Outcome.REPLAYED, "LINKED_NUMBERS sequence " + l.sequence + ", stored "
                    + stored.sequence());
        }
        links.put(l.owner, new StoredBlockList(l.sequence, body.clone()));
        return Decision.of(Outcome.OK, "");
    }

    private Decision linkVerified(byte[] body) {
        PhoneRecords.Checked<LinkCheck> checked = PhoneRecords.linkVerified(body, settings, now);
        if (checked.refusal != null) {
            return Decision.of(checked.refusal, checked.detail);
        }
        LinkCheck c = checked.value;
        Owner o = owners.get(c.owner);
        if (o == null || !Arrays.equals(o.publicKey(), c.ownerKey())) {
            return Decision.of(Outcome.NOT_OWNER, "LINK_CHECK key does not own " + c.owner);
        }
        TreeSet<String> set = verified.computeIfAbsent(c.owner, k -> new TreeSet<>());
        if (!set.contains(c.linked) && set.size() >= MAX_VERIFIED) {
            // Room first from numbers the owner no longer links.
            StoredBlockList l = links.get(c.owner);
            java.util.List<String> linked = l == null ? java.util.List.of() : java.util.List.of(decodeLinks(l).numbers());
            set.removeIf(n -> !linked.contains(n));
            if (set.size() >= MAX_VERIFIED) {
                return Decision.of(Outcome.TOO_LARGE, "at most " + MAX_VERIFIED + " verified numbers");
            }
        }
        set.add(c.linked);
        return Decision.of(Outcome.OK, "");
    }

    /** A stored record decoded again: it passed every check when stored, so failing now is a bug. */
    private static LinkedNumbers decodeLinks(StoredBlockList l) {
        try {
            return LinkedNumbers.decode(l.signed(), 0, l.signed().length);
        } catch (org.pippin.identity.IdentityException e) {
            throw new IllegalStateException("stored LINKED_NUMBERS does not decode: " + e.getMessage(), e);
        }
    }

    private void quarantine(String number, Owner o, Quarantine q) {
        owners.remove(number);
        byLogin.remove(new Deadline(o.lastLogin(), number));
        blockLists.remove(number);
        // A new owner starts with no links: nobody inherits another's forwarding or verifications.
        links.remove(number);
        verified.remove(number);
        quarantined.put(number, q);
        byQuarantineEnd.add(new Deadline(q.until(), number));
    }

    /** Releases owners idle past the inactivity period and ends quarantines and remembered claims, as of now. */
    private void expire() {
        long idle = settings.inactivityMillis();
        while (!byLogin.isEmpty() && byLogin.first().at() + idle <= now) {
            Deadline d = byLogin.first();
            Owner o = owners.get(d.id());
            long expiredAt = d.at() + idle;
            quarantine(d.id(), o, new Quarantine(o.publicKey(), expiredAt, expiredAt + settings.quarantineMillis()));
        }
        while (!byQuarantineEnd.isEmpty() && byQuarantineEnd.first().at() <= now) {
            quarantined.remove(byQuarantineEnd.pollFirst().id());
        }
        while (!bySeenExpiry.isEmpty() && bySeenExpiry.first().at() < now) {
            seenClaims.remove(bySeenExpiry.pollFirst().id());
        }
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(SNAPSHOT_VERSION);
        out.writeLong(now);
        out.writeBoolean(settings != null);
        if (settings != null) {
            settings.write(out);
        }
        out.writeInt(owners.size());
        for (Map.Entry<String, Owner> e : owners.entrySet()) {
            Owner o = e.getValue();
            out.writeUTF(e.getKey());
            out.write(o.publicKey());
            out.writeLong(o.claimedAt());
            out.writeLong(o.lastLogin());
            out.writeLong(o.lastProof());
        }
        out.writeInt(quarantined.size());
        for (Map.Entry<String, Quarantine> e : quarantined.entrySet()) {
            out.writeUTF(e.getKey());
            out.write(e.getValue().publicKey());
            out.writeLong(e.getValue().since());
            out.writeLong(e.getValue().until());
        }
        out.writeInt(blockLists.size());
        for (Map.Entry<String, StoredBlockList> e : blockLists.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().sequence());
            out.writeShort(e.getValue().signed().length);
            out.write(e.getValue().signed());
        }
        out.writeInt(links.size());
        for (Map.Entry<String, StoredBlockList> e : links.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().sequence());
            out.writeShort(e.getValue().signed().length);
            out.write(e.getValue().signed());
        }
        out.writeInt(verified.size());
        for (Map.Entry<String, TreeSet<String>> e : verified.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().size());
            for (String n : e.getValue()) {
                out.writeUTF(n);
            }
        }
        out.writeInt(seenClaims.size());
        for (Map.Entry<String, Seen> e : seenClaims.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().until());
            out.writeUTF(e.getValue().number());
        }
    }

    static RegistryState read(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != 1 && version != SNAPSHOT_VERSION) {
            throw new IOException("snapshot version " + version + ", expected 1 or " + SNAPSHOT_VERSION);
        }
        RegistryState s = new RegistryState();
        s.now = in.readLong();
        s.settings = in.readBoolean() ? NetworkSettings.read(in) : null;
        for (int i = in.readInt(); i > 0; i--) {
            String number = in.readUTF();
            Owner o = new Owner(key(in), in.readLong(), in.readLong(), in.readLong());
            s.owners.put(number, o);
            s.byLogin.add(new Deadline(o.lastLogin(), number));
        }
        for (int i = in.readInt(); i > 0; i--) {
            String number = in.readUTF();
            Quarantine q = new Quarantine(key(in), in.readLong(), in.readLong());
            s.quarantined.put(number, q);
            s.byQuarantineEnd.add(new Deadline(q.until(), number));
        }
        for (int i = in.readInt(); i > 0; i--) {
            String number = in.readUTF();
            long sequence = in.readLong();
            byte[] signed = new byte[in.readUnsignedShort()];
            in.readFully(signed);
            s.blockLists.put(number, new StoredBlockList(sequence, signed));
        }
        for (int i = version >= 2 ? in.readInt() : 0; i > 0; i--) {
            String number = in.readUTF();
            long sequence = in.readLong();
            byte[] signed = new byte[in.readUnsignedShort()];
            in.readFully(signed);
            s.links.put(number, new StoredBlockList(sequence, signed));
        }
        for (int i = version >= 2 ? in.readInt() : 0; i > 0; i--) {
            String number = in.readUTF();
            TreeSet<String> set = new TreeSet<>();
            for (int j = in.readInt(); j > 0; j--) {
                set.add(in.readUTF());
            }
            s.verified.put(number, set);
        }
        for (int i = in.readInt(); i > 0; i--) {
            String id = in.readUTF();
            long until = in.readLong();
            s.seenClaims.put(id, new Seen(until, in.readUTF()));
            s.bySeenExpiry.add(new Deadline(until, id));
        }
        return s;
    }

    private static byte[] key(DataInput in) throws IOException {
        byte[] key = new byte[IdentityKey.PUBLIC_KEY_SIZE];
        in.readFully(key);
        return key;
    }
}
