package org.pippin.relay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmCopy;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmPull;
import org.pippin.protocol.Wire;
import org.pippin.relay.dht.DhtService;
import org.pippin.relay.dht.DirectoryRecord;
import org.pippin.relay.voicemail.Message;
import org.pippin.relay.voicemail.MessageInfo;
import org.pippin.relay.voicemail.Voicemail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voicemail on two relays (PROTOCOL.md, "Voicemail on two relays"). The relay that records a message sends the whole
 * message file over an authenticated relay link (VM_COPY chunks) to one other relay of the directory, which keeps it
 * in the same crash-safe store and answers RESULT(VM_COPY, OK) once it is on disk; only then does the caller hear
 * BYE(NORMAL). When the owner logs in, its relay asks every relay of the directory what it holds for the number
 * (VM_LIST / VM_LISTING over the links), shows the merged listing, pulls a message it lacks from a live holder
 * (VM_PULL, answered with VM_COPY chunks) and sends VM_DELETE to every holder it knows of.
 *
 * <p>A message that no relay took a copy of stays marked on disk ({@link Voicemail#oneCopy}) and is offered again on
 * the timer, {@link #RETRY_FIRST_MILLIS} after the failure (or after a start), the wait doubling up to
 * {@link #RETRY_MOST_MILLIS}, at most {@link #MOST_LATER_COPIES} at once, until a relay has it on disk or the message
 * is deleted or expires.
 *
 * <p>Event loop only, like {@link Relay}; the disk work is {@link Voicemail}'s.
 */
final class VoicemailPeers {

    private static final Logger LOG = LoggerFactory.getLogger(VoicemailPeers.class);
    /**
     * How long one relay has to acknowledge a replica, or to start and go on sending a pulled copy, before the next is
     * tried: a 2-minute GSM message is 200 kB, well within it even between relays on slow uplinks.
     */
    static final long ANSWER_MILLIS = 10_000;
    /** Relays tried for a replica before the message is left with one copy. */
    static final int MOST_TRIES = 3;
    /** Copies coming in at once over all links: bounds the memory to this many of the largest messages. */
    static final int MOST_INCOMING = 8;
    /**
     * First wait before a message left with one copy is offered again (also after a start: the directory is read by
     * then). Relays come back from a restart within it; one that stays away is asked less and less often.
     */
    static final long RETRY_FIRST_MILLIS = 30_000;
    /** The longest wait between two rounds for a later copy. */
    static final long RETRY_MOST_MILLIS = 30 * 60_000;
    /** Later copies on their way at once: each holds its message file in memory while its relays are tried. */
    static final int MOST_LATER_COPIES = 2;

    /** Another relay that holds (or is to hold) a copy: its key, and where to reach it if no link is up. */
    record Holder(byte[] key, String address) {
        String name() {
            return IdentityKey.fingerprint(key);
        }
    }

    /** A message another relay listed, and every relay known to hold it. */
    private static final class Held {
        final MessageInfo info;
        final Map<String, Holder> holders = new LinkedHashMap<>();

        Held(MessageInfo info) {
            this.info = info;
        }
    }

    /** A replica on its way: the relays still to try, the one asked now and until when. */
    private static final class Outgoing {
        final long id;
        final String owner;
        final byte[] file;
        final List<Holder> candidates;
        final Consumer<Boolean> done;
        final long startedNanos = System.nanoTime();
        int tried;
        Session link;
        long deadlineMillis;

        Outgoing(long id, String owner, byte[] file, List<Holder> candidates, Consumer<Boolean> done) {
            this.id = id;
            this.owner = owner;
            this.file = file;
            this.candidates = candidates;
            this.done = done;
        }
    }

    /** A message kept here with one copy: when its second is tried again, and the wait after that. */
    private static final class Later {
        final long id;
        final String owner;
        long dueMillis;
        long waitMillis = RETRY_FIRST_MILLIS;
        int rounds;
        boolean busy;

        Later(long id, String owner) {
            this.id = id;
            this.owner = owner;
        }
    }

    /** A copy this relay asked for (VM_PULL), for the owner's phone. */
    private static final class Pull {
        final long id;
        final String owner;
        final List<Holder> holders;
        final List<Consumer<Boolean>> waiting = new ArrayList<>();
        int tried;
        Session link;
        long deadlineMillis;

        Pull(long id, String owner, List<Holder> holders) {
            this.id = id;
            this.owner = owner;
            this.holders = holders;
        }
    }

    /** A message file coming in chunk by chunk (TCP keeps their order). */
    private static final class Incoming {
        final byte[] buf;
        final int chunks;
        int next;
        int length;
        long lastChunkMillis;

        Incoming(int chunks) {
            this.chunks = chunks;
            this.buf = new byte[chunks * VmCopy.MAX_DATA];
        }
    }

    private final Relay relay;
    private final Voicemail voicemail;
    private final DhtService dht;
    private final PeerLinks peers;
    private final Clock clock;
    private final Counters counters;
    /** Told the owner whose listing changed here (VM_WAITING to its phone). */
    private final Consumer<String> changed;
    private final Map<Long, Outgoing> replicating = new HashMap<>();
    private final Map<Long, Pull> pulling = new HashMap<>();
    /** By link fingerprint and message id. */
    private final Map<String, Incoming> incoming = new HashMap<>();
    /** What other relays hold, by owner and message id (also for messages kept here: where their copies are). */
    private final Map<String, Map<Long, Held>> held = new HashMap<>();
    /** Messages other relays said their owner deleted, by owner, since the owner's last login here. */
    private final Map<String, Set<Long>> deleted = new HashMap<>();
    /** Messages kept here with one copy, by id, in the order they were left with it. */
    private final Map<Long, Later> later = new LinkedHashMap<>();
    private int laterBusy;

    VoicemailPeers(Relay relay, Voicemail voicemail, DhtService dht, PeerLinks peers, Clock clock, Counters counters,
            Consumer<String> changed) {
        this.relay = relay;
        this.voicemail = voicemail;
        this.dht = dht;
        this.peers = peers;
        this.clock = clock;
        this.counters = counters;
        this.changed = changed;
        for (MessageInfo i : voicemail.oneCopy()) {
            retryLater(later.computeIfAbsent(i.id(), id -> new Later(id, i.owner())));
        }
        if (!later.isEmpty()) {
            LOG.info("voicemail: {} messages kept here lack their second copy: offered again in {} s", later.size(),
                    RETRY_FIRST_MILLIS / 1000);
        }
    }

    static boolean isReplicaFrame(int type) {
        return type == Wire.VM_COPY || type == Wire.VM_PULL || type == Wire.VM_LIST || type == Wire.VM_LISTING
                || type == Wire.VM_DELETE || type == Wire.RESULT;
    }

    // ---- the recording relay ------------------------------------------------------------------------------------

    /**
     * Sends a second copy of {@code m} (saved with its one-copy marker) to another relay of the directory; {@code
     * done} hears true once one has it on disk, false when {@link #MOST_TRIES} relays did not. Returns false (and
     * never calls {@code done}) when the directory names no other relay: a lone relay keeps its one copy. Either way a
     * message left with one copy is offered again later.
     */
    boolean replicate(Message m, Consumer<Boolean> done) {
        List<Holder> candidates = candidates(m.owner);
        Later l = new Later(m.id, m.owner);
        if (candidates.isEmpty()) {
            later.put(m.id, l);
            retryLater(l);
            return false;
        }
        send(m.id, m.owner, Voicemail.file(m), candidates, two -> {
            if (two) {
                markCopied(l);
            } else {
                later.put(m.id, l);
                retryLater(l);
            }
            done.accept(two);
        });
        return true;
    }

    private void send(long id, String owner, byte[] file, List<Holder> candidates, Consumer<Boolean> done) {
        Outgoing o = new Outgoing(id, owner, file, candidates, done);
        replicating.put(id, o);
        tryNext(o);
    }

    /** The next round for a message kept with one copy: after its wait, which doubles for the round after. */
    private void retryLater(Later l) {
        l.dueMillis = clock.nowMillis() + l.waitMillis;
        if (l.rounds > 0) {
            LOG.info("voicemail {} of {}: still on this relay only after round {}; next in {} s",
                    Wire.messageIdHex(l.id), l.owner, l.rounds, l.waitMillis / 1000);
        }
        l.waitMillis = Math.min(RETRY_MOST_MILLIS, 2 * l.waitMillis);
    }

    /** Due rounds of later copies, as many as {@link #MOST_LATER_COPIES} allows. */
    private void copyLater(long now) {
        for (Later l : new ArrayList<>(later.values())) {
            if (laterBusy >= MOST_LATER_COPIES) {
                return;
            }
            if (!l.busy && now >= l.dueMillis) {
                copyLater(l);
            }
        }
    }

    private void copyLater(Later l) {
        MessageInfo i = voicemail.info(l.id);
        if (i == null) {
            later.remove(l.id);
            LOG.info("voicemail {} of {}: deleted or expired before a second copy was made", Wire.messageIdHex(l.id),
                    l.owner);
            return;
        }
        Held known = held.getOrDefault(l.owner, Map.of()).get(l.id);
        if (known != null && !known.holders.isEmpty()) {
            LOG.info("voicemail {} of {}: relay {} lists a copy", Wire.messageIdHex(l.id), l.owner,
                    known.holders.keySet().iterator().next());
            markCopied(l);
            return;
        }
        List<Holder> candidates = candidates(l.owner);
        l.rounds++;
        counters.increment(Counters.Name.VOICEMAIL_COPY_ROUNDS);
        if (candidates.isEmpty()) {
            counters.increment(Counters.Name.VOICEMAIL_COPY_ROUNDS_FAILED);
            retryLater(l);
            return;
        }
        l.busy = true;
        laterBusy++;
        voicemail.readFile(l.id, l.owner, file -> {
            if (file == null) {
                laterDone(l);
                later.remove(l.id);
                LOG.info("voicemail {} of {}: gone before a second copy was made", Wire.messageIdHex(l.id), l.owner);
                return;
            }
            LOG.info("voicemail {} of {}: offering its second copy again (round {})", Wire.messageIdHex(l.id),
                    l.owner, l.rounds);
            send(l.id, l.owner, file, candidates, two -> {
                laterDone(l);
                if (two) {
                    counters.increment(Counters.Name.VOICEMAIL_COPIES_LATER);
                    markCopied(l);
                } else {
                    counters.increment(Counters.Name.VOICEMAIL_COPY_ROUNDS_FAILED);
                    retryLater(l);
                }
            });
        });
    }

    private void laterDone(Later l) {
        l.busy = false;
        laterBusy--;
    }

    /** A second relay has the message: its one-copy marker goes. */
    private void markCopied(Later l) {
        later.remove(l.id);
        voicemail.copied(l.id, had -> {
            if (Boolean.TRUE.equals(had) && l.rounds > 0) {
                LOG.info("voicemail {} of {}: on two relays now, in round {}", Wire.messageIdHex(l.id), l.owner,
                        l.rounds);
            }
        });
    }

    /**
     * The other relays of the directory, in an order fixed by owner and relay key (rendezvous hashing): every message
     * of one owner goes to the same relay while it lives, and owners spread over the network.
     */
    private List<Holder> candidates(String owner) {
        List<DirectoryRecord> others = new ArrayList<>(dht.otherRelays());
        // Current entries first: an expired one is tried only after them (the relay may be dead, or the DHT slow).
        others.sort(Comparator.comparing((DirectoryRecord r) -> !dht.isCurrent(r))
                .thenComparingLong(r -> rank(r.relayKey(), owner)));
        List<Holder> out = new ArrayList<>();
        for (DirectoryRecord r : others) {
            out.add(new Holder(r.relayKey(), r.addresses.get(0)));
        }
        return out;
    }

    private static long rank(byte[] key, String owner) {
        long h = 0xcbf29ce484222325L; // FNV-1a over key and number
        for (byte b : key) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        for (int i = 0; i < owner.length(); i++) {
            h = (h ^ owner.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    private void tryNext(Outgoing o) {
        if (replicating.get(o.id) != o) {
            return;
        }
        if (o.tried >= Math.min(MOST_TRIES, o.candidates.size())) {
            replicating.remove(o.id);
            LOG.warn("voicemail {} of {}: no second relay took a copy ({} tried): kept on this relay only for now",
                    Wire.messageIdHex(o.id), o.owner, o.tried);
            o.done.accept(Boolean.FALSE);
            return;
        }
        Holder h = o.candidates.get(o.tried++);
        o.link = null;
        o.deadlineMillis = clock.nowMillis() + ANSWER_MILLIS;
        peers.link(h.key(), h.address(), s -> {
            if (replicating.get(o.id) != o || o.candidates.get(o.tried - 1) != h) {
                return; // timed out meanwhile: the next relay is being tried
            }
            if (s == null) {
                LOG.info("voicemail {} of {}: relay {} at {} unreachable for a copy", Wire.messageIdHex(o.id),
                        o.owner, h.name(), h.address());
                tryNext(o);
                return;
            }
            o.link = s;
            o.deadlineMillis = clock.nowMillis() + ANSWER_MILLIS;
            sendFile(s, o.id, o.file);
        });
    }

    private void sendFile(Session link, long id, byte[] file) {
        int chunks = VmCopy.chunksFor(file.length);
        for (int c = 0; c < chunks; c++) {
            int off = c * VmCopy.MAX_DATA;
            relay.sendTo(link, new VmCopy(id, c, chunks, file, off, Math.min(VmCopy.MAX_DATA, file.length - off)));
        }
    }

    private void replicaAnswered(Session link, long id, int outcome) {
        Outgoing o = replicating.get(id);
        if (o == null || o.link != link) {
            return; // the copy of a pull, or an answer after its time
        }
        Holder h = o.candidates.get(o.tried - 1);
        if (outcome != Wire.RESULT_OK) {
            LOG.info("voicemail {} of {}: relay {} refused a copy: {}", Wire.messageIdHex(id), o.owner, h.name(),
                    Wire.resultName(outcome));
            tryNext(o);
            return;
        }
        replicating.remove(id);
        MessageInfo i = voicemail.info(id);
        if (i != null) {
            heldBy(i, h);
        }
        LOG.info("voicemail {} of {}: copy on relay {} at {} in {} ms ({} bytes)", Wire.messageIdHex(id), o.owner,
                h.name(), h.address(), (System.nanoTime() - o.startedNanos) / 1_000_000, o.file.length);
        o.done.accept(Boolean.TRUE);
    }

    // ---- the owner's relay --------------------------------------------------------------------------------------

    /**
     * Asks every other relay of the directory what it holds for {@code owner}; listings come in as they may. What was
     * known of the owner's messages elsewhere is forgotten first: the answers say what is there now.
     */
    void query(String owner) {
        held.remove(owner);
        deleted.remove(owner);
        for (Holder h : candidates(owner)) {
            peers.link(h.key(), h.address(), s -> {
                if (s != null) {
                    relay.sendTo(s, new VmList(owner, 0));
                }
            });
        }
    }

    /** The owner's messages here and elsewhere, newest first (a message kept here shows as it is here). */
    List<MessageInfo> list(String owner) {
        List<MessageInfo> all = new ArrayList<>(voicemail.list(owner));
        Map<Long, Held> m = held.get(owner);
        if (m != null) {
            for (Held h : m.values()) {
                if (voicemail.info(h.info.id()) == null) {
                    all.add(h.info);
                }
            }
        }
        all.sort(Comparator.comparingLong(MessageInfo::timeMillis).reversed().thenComparingLong(MessageInfo::id));
        return all;
    }

    /** {new, total} of the owner's messages here and elsewhere. */
    int[] counts(String owner) {
        int[] c = voicemail.counts(owner).clone();
        Map<Long, Held> m = held.get(owner);
        if (m != null) {
            for (Held h : m.values()) {
                if (voicemail.info(h.info.id()) == null) {
                    c[1]++;
                    if (!h.info.heard()) {
                        c[0]++;
                    }
                }
            }
        }
        return c;
    }

    /** A message only other relays hold, as they listed it; null if none is known. */
    MessageInfo elsewhere(long id) {
        for (Map<Long, Held> m : held.values()) {
            Held h = m.get(id);
            if (h != null) {
                return h.info;
            }
        }
        return null;
    }

    /** Fetches a copy of a message other relays hold from the first that answers; {@code done} hears if it is here. */
    void pull(MessageInfo i, Consumer<Boolean> done) {
        Pull p = pulling.get(i.id());
        if (p == null) {
            Map<Long, Held> m = held.get(i.owner());
            Held h = m == null ? null : m.get(i.id());
            if (h == null) {
                done.accept(Boolean.FALSE);
                return;
            }
            p = new Pull(i.id(), i.owner(), new ArrayList<>(h.holders.values()));
            pulling.put(i.id(), p);
            p.waiting.add(done);
            pullNext(p);
        } else {
            p.waiting.add(done);
        }
    }

    private void pullNext(Pull p) {
        if (pulling.get(p.id) != p) {
            return;
        }
        if (p.tried >= p.holders.size()) {
            pullDone(p, false);
            return;
        }
        Holder h = p.holders.get(p.tried++);
        p.link = null;
        p.deadlineMillis = clock.nowMillis() + ANSWER_MILLIS;
        int attempt = p.tried;
        peers.link(h.key(), h.address(), s -> {
            if (pulling.get(p.id) != p || p.tried != attempt) {
                return;
            }
            if (s == null) {
                LOG.info("voicemail {}: holder {} at {} unreachable", Wire.messageIdHex(p.id), h.name(), h.address());
                pullNext(p);
                return;
            }
            p.link = s;
            p.deadlineMillis = clock.nowMillis() + ANSWER_MILLIS;
            relay.sendTo(s, new VmPull(p.id, p.owner));
        });
    }

    private void pullDone(Pull p, boolean ok) {
        pulling.remove(p.id);
        if (!ok) {
            LOG.warn("voicemail {}: no holder of {} sent its copy ({} tried)", Wire.messageIdHex(p.id), p.owner,
                    p.tried);
        }
        for (Consumer<Boolean> c : p.waiting) {
            c.accept(ok);
        }
    }

    /** The owner deleted a message: every other relay known to hold it is told. Returns whether any was. */
    boolean deleteElsewhere(MessageInfo i) {
        Map<Long, Held> m = held.get(i.owner());
        Held h = m == null ? null : m.remove(i.id());
        if (h == null) {
            return false;
        }
        for (Holder holder : h.holders.values()) {
            peers.link(holder.key(), holder.address(), s -> {
                if (s == null) {
                    LOG.warn("voicemail {}: holder {} unreachable: its copy stays until it expires",
                            Wire.messageIdHex(i.id()), holder.name());
                } else {
                    relay.sendTo(s, new VmDelete(i.id()));
                }
            });
        }
        return true;
    }

    private void heldBy(MessageInfo i, Holder h) {
        held.computeIfAbsent(i.owner(), o -> new HashMap<>()).computeIfAbsent(i.id(), id -> new Held(i)).holders
                .put(h.name(), h);
    }

    // ---- frames from other relays -------------------------------------------------------------------------------

    /** VM_COPY, VM_PULL, VM_LIST, VM_LISTING, VM_DELETE or RESULT on an up relay link. */
    void onFrame(Session link, Frame f) {
        switch (f.type) {
            case Wire.VM_COPY:
                onCopy(link, (VmCopy) f);
                break;
            case Wire.VM_PULL: {
                VmPull p = (VmPull) f;
                voicemail.readFile(p.id, p.owner, file -> {
                    if (link.closed) {
                        return;
                    }
                    if (file == null) {
                        relay.sendTo(link, new Result(Wire.VM_PULL, Wire.RESULT_NO_SUCH_MESSAGE, idBytes(p.id), ""));
                    } else {
                        LOG.info("voicemail {}: copy sent to relay {}", Wire.messageIdHex(p.id), link.peer.name());
                        sendFile(link, p.id, file);
                    }
                });
                break;
            }
            case Wire.VM_LIST:
                answerList(link, (VmList) f);
                break;
            case Wire.VM_LISTING:
                onListing(link, (VmListing) f);
                break;
            case Wire.VM_DELETE: {
                long id = ((VmDelete) f).id;
                voicemail.delete(id, gone -> {
                    if (gone != null) {
                        LOG.info("voicemail {}: deleted by its owner through relay {}", Wire.messageIdHex(id),
                                link.peer.name());
                    }
                    relay.sendTo(link, new Result(Wire.VM_DELETE, gone == null ? Wire.RESULT_NO_SUCH_MESSAGE
                            : Wire.RESULT_OK, idBytes(id), ""));
                });
                break;
            }
            default:
                onResult(link, (Result) f);
                break;
        }
    }

    private void onCopy(Session link, VmCopy c) {
        String key = link.peer.name() + "/" + Wire.messageIdHex(c.id);
        Incoming in = incoming.get(key);
        if (in == null) {
            if (c.chunk != 0) {
                return; // the rest of a copy already refused
            }
            int most = VmCopy.chunksFor(voicemail.maxFileBytes());
            if (c.chunks > most || incoming.size() >= MOST_INCOMING) {
                LOG.warn("voicemail {}: copy from relay {} refused: {}", Wire.messageIdHex(c.id), link.peer.name(),
                        c.chunks > most ? c.chunks + " chunks, at most " + most : "too many copies coming in");
                relay.sendTo(link, new Result(Wire.VM_COPY, c.chunks > most ? Wire.RESULT_TOO_LARGE
                        : Wire.RESULT_UNAVAILABLE, idBytes(c.id), ""));
                return;
            }
            in = new Incoming(c.chunks);
            incoming.put(key, in);
        }
        if (c.chunk != in.next || c.chunks != in.chunks
                || (c.chunk < c.chunks - 1 && c.dataLength() != VmCopy.MAX_DATA)) {
            incoming.remove(key);
            relay.sendTo(link, new Result(Wire.VM_COPY, Wire.RESULT_MALFORMED, idBytes(c.id),
                    "chunk " + c.chunk + " of " + c.chunks + " out of order"));
            return;
        }
        in.length += c.copyData(in.buf, in.length);
        in.next++;
        in.lastChunkMillis = clock.nowMillis();
        Pull p = pulling.get(c.id);
        if (p != null && p.link == link) {
            p.deadlineMillis = clock.nowMillis() + ANSWER_MILLIS; // it is coming
        }
        if (in.next < in.chunks) {
            return;
        }
        incoming.remove(key);
        byte[] file = Arrays.copyOf(in.buf, in.length);
        voicemail.keepCopy(file, code -> {
            relay.sendTo(link, new Result(Wire.VM_COPY, code, idBytes(c.id), ""));
            Pull waiting = pulling.get(c.id);
            if (waiting != null && waiting.link == link) {
                if (code == Wire.RESULT_OK) {
                    pullDone(waiting, true);
                } else {
                    pullNext(waiting);
                }
            }
        });
    }

    /** What this relay keeps of the owner's messages, and the tombstones of those the owner deleted here. */
    private void answerList(Session link, VmList l) {
        List<MessageInfo> all = new ArrayList<>(voicemail.list(l.owner));
        all.addAll(voicemail.tombstones(l.owner));
        relay.sendTo(link, Voicemail.listing(l.owner, all, l.first,
                m -> voicemail.isGone(m.id()) ? VmListing.FLAG_DELETED : m.heard() ? 0 : VmListing.FLAG_NEW));
    }

    /**
     * A holder's listing for an owner who logged in here. A message one relay says its owner deleted goes from every
     * other (a relay that was down at the delete would list it again otherwise).
     */
    private void onListing(Session link, VmListing l) {
        Holder h = holderOf(link);
        Set<Long> gone = deleted.computeIfAbsent(l.owner, o -> new HashSet<>());
        boolean fresh = false;
        for (int i = 0; i < l.count(); i++) {
            long id = l.id(i);
            if (l.isDeleted(i)) {
                if (gone.add(id)) {
                    forget(l.owner, id);
                }
            } else if (gone.contains(id) || voicemail.isGone(id)) {
                LOG.info("voicemail {}: relay {} still holds it, deleted by its owner", Wire.messageIdHex(id),
                        h.name());
                relay.sendTo(link, new VmDelete(id));
            } else {
                if (voicemail.info(id) == null && elsewhere(id) == null) {
                    fresh = true;
                }
                heldBy(new MessageInfo(id, l.owner, l.caller(i), l.time(i) * 1000, l.duration(i) * 1000L, -1,
                        !l.isNew(i), 0), h);
            }
        }
        if (l.count() > 0 && l.first + l.count() < l.total) {
            relay.sendTo(link, new VmList(l.owner, l.first + l.count()));
        }
        if (fresh) {
            LOG.info("voicemail of {}: relay {} holds messages kept nowhere else known here", l.owner, h.name());
            changed.accept(l.owner);
        }
    }

    /** A message its owner deleted on another relay: the copies known here go too. */
    private void forget(String owner, long id) {
        Map<Long, Held> m = held.get(owner);
        Held h = m == null ? null : m.get(id);
        if (h != null) {
            deleteElsewhere(h.info);
            changed.accept(owner);
        }
        if (voicemail.info(id) != null) {
            voicemail.delete(id, i -> LOG.info("voicemail {}: deleted here too, its owner deleted it elsewhere",
                    Wire.messageIdHex(id)));
        }
    }

    /** The holder behind a link: its address from the directory, or the link's own when it is outgoing. */
    private Holder holderOf(Session link) {
        String fp = link.peer.name();
        for (DirectoryRecord r : dht.otherRelays()) {
            if (IdentityKey.fingerprint(r.relayKey()).equals(fp)) {
                return new Holder(r.relayKey(), r.addresses.get(0));
            }
        }
        return new Holder(link.peer.remoteKey, link.peer.address);
    }

    private void onResult(Session link, Result r) {
        byte[] rec = r.record();
        if (rec.length != 8) {
            LOG.info("{}: relay reports {}", link, r);
            return;
        }
        long id = ByteBuffer.wrap(rec).getLong();
        if (r.request == Wire.VM_COPY) {
            replicaAnswered(link, id, r.outcome);
        } else if (r.request == Wire.VM_PULL) {
            Pull p = pulling.get(id);
            if (p != null && p.link == link) {
                pullNext(p);
            }
        } else {
            LOG.debug("{}: voicemail {}: {}", link, Wire.messageIdHex(id), r);
        }
    }

    private static byte[] idBytes(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    // ---- timers and links ---------------------------------------------------------------------------------------

    /**
     * Replicas and pulls whose relay did not answer in time go to the next one; messages kept with one copy are
     * offered again when due; copies that stopped coming in are dropped, so a relay that sends half a message cannot
     * keep the slots of {@link #MOST_INCOMING} taken.
     */
    void tick(long now) {
        incoming.values().removeIf(in -> now - in.lastChunkMillis >= ANSWER_MILLIS);
        for (Outgoing o : new ArrayList<>(replicating.values())) {
            if (now >= o.deadlineMillis) {
                LOG.info("voicemail {} of {}: no answer for a copy in {} ms", Wire.messageIdHex(o.id), o.owner,
                        ANSWER_MILLIS);
                tryNext(o);
            }
        }
        for (Pull p : new ArrayList<>(pulling.values())) {
            if (now >= p.deadlineMillis) {
                pullNext(p);
            }
        }
        copyLater(now);
    }

    /** A relay link went down: copies coming in on it are dropped; what waited on it goes to the next relay. */
    void closed(Session link) {
        if (link.peer.remoteKey != null) {
            incoming.keySet().removeIf(k -> k.startsWith(link.peer.name() + "/"));
        }
        for (Outgoing o : new ArrayList<>(replicating.values())) {
            if (o.link == link) {
                tryNext(o);
            }
        }
        for (Pull p : new ArrayList<>(pulling.values())) {
            if (p.link == link) {
                pullNext(p);
            }
        }
    }
}
