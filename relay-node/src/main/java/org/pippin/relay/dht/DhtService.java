package org.pippin.relay.dht;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Clock;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.Wire;
import org.pippin.relay.web.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's part of the network's shared soft state on OpenDHT: it writes the presence of the phones attached here
 * and its own directory entry, re-writing both before they expire; it finds where a number is attached; it keeps a
 * verified copy of the relay directory; and it checks that its own writes can be read back, which the status page
 * and the log report. Everything read is verified (signature, owner, network, expiry, newest sequence) and what
 * fails is counted and dropped.
 *
 * <p>Threads: every method but the {@link Health} ones runs on the relay's event loop, which owns the state here.
 * HTTP to the dhtnode proxy runs on a few workers; results come back with {@code loop.execute}. Timers run from the
 * relay's tick on the injected clock; record times use the wall clock (they are compared across relays).
 */
public final class DhtService implements Health, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DhtService.class);
    private static final int WORKERS = 4;
    private static final int QUEUE = 1024;

    /** What the directory entry says about this relay now; read on the event loop. */
    public interface Load {
        long loadKbps();

        int calls();

        int phones();
    }

    private final DhtConfig config;
    private final IdentityKey key;
    private final byte[] publicKey;
    private final long valueId;
    private final EventLoop loop;
    private final Clock clock;
    private final LongSupplier wallMillis;
    private final long uplinkKbps;
    private final DhtClient client;
    private final DhtNodeProcess node;
    private final ExecutorService workers;
    private Load load;

    /** Numbers attached here → when they attached (wall ms), the sequence of their presence records. */
    private final Map<String, Long> present = new LinkedHashMap<>();
    /** Verified directory entries by relay fingerprint, newest sequence each. */
    private final Map<String, DirectoryRecord> directory = new HashMap<>();
    private long nextPresenceMillis;
    private long nextDirectoryMillis;
    private boolean directoryRoundBusy;

    private final AtomicLong rejectedRecords = new AtomicLong();
    private final AtomicBoolean presenceFailing = new AtomicBoolean();
    private volatile boolean readBackOk;
    private volatile String problem = "starting";
    private volatile int relaysKnown;
    private volatile int peers;

    private DhtService(DhtConfig config, IdentityKey key, long uplinkKbps, EventLoop loop, Clock clock,
            LongSupplier wallMillis, DhtClient client, DhtNodeProcess node) {
        this.config = config;
        this.key = key;
        this.publicKey = key.publicKey();
        this.valueId = valueId(publicKey);
        this.uplinkKbps = uplinkKbps;
        this.loop = loop;
        this.clock = clock;
        this.wallMillis = wallMillis;
        this.client = client;
        this.node = node;
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE), new DefaultThreadFactory("pippin-dht", true));
        long now = clock.nowMillis();
        nextPresenceMillis = now + config.presenceSeconds * 1000L;
        nextDirectoryMillis = now;
    }

    /**
     * Starts the child dhtnode when configured, then the service. Blocks until the node's proxy answers: call before
     * the relay answers phones.
     */
    public static DhtService start(DhtConfig config, IdentityKey key, long uplinkKbps, Path dataDir, EventLoop loop,
            Clock clock, LongSupplier wallMillis) throws IOException, InterruptedException {
        DhtClient client = new DhtClient(config.proxyPort, config.timeoutMillis);
        DhtNodeProcess node = config.nodeStart ? DhtNodeProcess.start(config, dataDir, client) : null;
        LOG.info("relay identity {}; {}", IdentityKey.fingerprint(key.publicKey()), config);
        return new DhtService(config, key, uplinkKbps, loop, clock, wallMillis, client, node);
    }

    public void setLoad(Load load) {
        this.load = load;
    }

    /** The relay's identity key (signs its records and proves it on relay links). */
    public IdentityKey identity() {
        return key;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicAddress() {
        return config.publicAddress;
    }

    /** The slot under a shared key that belongs to one relay: the first 8 bytes of its key. */
    static long valueId(byte[] relayKey) {
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = id << 8 | (relayKey[i] & 0xFF);
        }
        return id;
    }

    String presenceKey(String number) {
        return "pippin/" + config.network + "/presence/" + number;
    }

    String shardKey(int shard) {
        return "pippin/" + config.network + "/relays/" + shard;
    }

    private int ownShard() {
        return (int) Long.remainderUnsigned(valueId, config.directoryShards);
    }

    // ---- presence ------------------------------------------------------------------------------------------------

    /** A number attached here: its presence is written now and kept fresh while it stays. */
    public void attached(String number) {
        long at = wallMillis.getAsLong();
        present.put(number, at);
        writePresence(List.of(new PresenceRecord(config.network, number, publicKey, at, expires(), 
                config.publicAddress)));
    }

    /** A number left: no more re-writes, its record expires (a newer one elsewhere wins before that). */
    public void detached(String number) {
        present.remove(number);
    }

    private long expires() {
        return wallMillis.getAsLong() + 3L * config.presenceSeconds * 1000L;
    }

    private void writePresence(List<PresenceRecord> records) {
        List<byte[]> signed = new ArrayList<>(records.size());
        for (PresenceRecord r : records) {
            signed.add(r.sign(key));
        }
        submit("presence write", () -> {
            for (int i = 0; i < records.size(); i++) {
                try {
                    client.put(presenceKey(records.get(i).number), valueId, signed.get(i));
                    if (presenceFailing.compareAndSet(true, false)) {
                        LOG.info("DHT: presence writes work again");
                    }
                } catch (IOException e) {
                    // Once per outage, not once per number: the next refresh writes them all again.
                    if (presenceFailing.compareAndSet(false, true)) {
                        LOG.warn("DHT: presence write for {} failed: {}", records.get(i).number, e.getMessage());
                    }
                }
            }
        });
    }

    /**
     * Where {@code number} is attached: the newest valid presence record, or null (no record, none valid, or the
     * DHT unreachable). {@code then} runs on the event loop.
     */
    public void locate(String number, Consumer<PresenceRecord> then) {
        boolean queued = submit("presence lookup", () -> {
            PresenceRecord best = null;
            try {
                long now = wallMillis.getAsLong();
                for (byte[] v : client.get(presenceKey(number))) {
                    try {
                        PresenceRecord r = PresenceRecord.verify(v, config.network, number, now);
                        if (best == null || r.attachedMillis > best.attachedMillis) {
                            best = r;
                        }
                    } catch (RecordException e) {
                        rejected(e);
                    }
                }
            } catch (IOException e) {
                LOG.warn("DHT: presence lookup for {} failed: {}", number, e.getMessage());
            }
            PresenceRecord found = best;
            toLoop("presence lookup", () -> then.accept(found));
        });
        if (!queued) {
            then.accept(null);
        }
    }

    private void rejected(RecordException e) {
        if (!e.expired) {
            rejectedRecords.incrementAndGet();
        }
        // Anyone can write under any key: a forged or stale value is routine, so the line is for debugging.
        LOG.debug("DHT value dropped: {}", e.getMessage());
    }

    /** Values dropped because they failed verification (forged, foreign, malformed; stale ones are not counted). */
    public long rejectedRecords() {
        return rejectedRecords.get();
    }

    // ---- directory -----------------------------------------------------------------------------------------------

    /** Re-writes presence and the directory entry when due, and refreshes the directory copy. Event loop. */
    public void tick() {
        long now = clock.nowMillis();
        if (now >= nextPresenceMillis) {
            nextPresenceMillis = now + config.presenceSeconds * 1000L;
            if (!present.isEmpty()) {
                long exp = expires();
                List<PresenceRecord> all = new ArrayList<>(present.size());
                for (Map.Entry<String, Long> e : present.entrySet()) {
                    all.add(new PresenceRecord(config.network, e.getKey(), publicKey, e.getValue(), exp,
                            config.publicAddress));
                }
                writePresence(all);
            }
        }
        if (now >= nextDirectoryMillis && !directoryRoundBusy) {
            nextDirectoryMillis = now + config.directorySeconds * 1000L;
            directoryRound();
        }
    }

    private void directoryRound() {
        long seq = wallMillis.getAsLong();
        Load l = load;
        DirectoryRecord own = new DirectoryRecord(config.network, publicKey, seq,
                seq + 3L * config.directorySeconds * 1000L, uplinkKbps, l == null ? 0 : l.loadKbps(),
                l == null ? 0 : l.calls(), l == null ? 0 : l.phones(), List.of(config.publicAddress));
        byte[] signed = own.sign(key);
        directoryRoundBusy = true;
        boolean queued = submit("directory round", () -> {
            Map<String, DirectoryRecord> read = new HashMap<>();
            boolean readBack = false;
            String trouble = null;
            try {
                client.put(shardKey(ownShard()), valueId, signed);
                peers = client.peers();
                long now = wallMillis.getAsLong();
                for (int shard = 0; shard < config.directoryShards; shard++) {
                    for (byte[] v : client.get(shardKey(shard))) {
                        try {
                            DirectoryRecord r = DirectoryRecord.verify(v, config.network, now);
                            String fp = IdentityKey.fingerprint(r.relayKey());
                            if (fp.equals(IdentityKey.fingerprint(publicKey)) && r.sequence == seq) {
                                readBack = true;
                            }
                            DirectoryRecord old = read.get(fp);
                            if (old == null || r.sequence > old.sequence) {
                                read.put(fp, r);
                            }
                        } catch (RecordException e) {
                            rejected(e);
                        }
                    }
                }
                if (!readBack) {
                    trouble = "own directory entry not readable back from the DHT";
                } else if (peers == 0 && !config.bootstrap.isEmpty()) {
                    trouble = "dhtnode has no peers: cut off from the network";
                }
            } catch (IOException e) {
                trouble = "directory round failed: " + e.getMessage();
            }
            boolean ok = trouble == null;
            String why = trouble;
            toLoop("directory round", () -> directoryDone(read, ok, why));
        });
        if (!queued) {
            directoryRoundBusy = false;
        }
    }

    private void directoryDone(Map<String, DirectoryRecord> read, boolean ok, String trouble) {
        directoryRoundBusy = false;
        if (ok) {
            directory.clear();
        }
        // A failed round read part of the directory at best: what it did read updates the rest, which expires.
        for (Map.Entry<String, DirectoryRecord> e : read.entrySet()) {
            DirectoryRecord old = directory.get(e.getKey());
            if (old == null || e.getValue().sequence > old.sequence) {
                directory.put(e.getKey(), e.getValue());
            }
        }
        relaysKnown = read.size();
        if (ok && !readBackOk) {
            LOG.info("DHT: own writes read back; {} relays in the directory, {} peers", read.size(), peers);
        } else if (!ok && (readBackOk || !trouble.equals(problem))) {
            LOG.warn("DHT: {}", trouble);
        }
        readBackOk = ok;
        problem = ok ? null : trouble;
    }

    /**
     * The relay a phone should go to instead of this full one: the entry with the most spare uplink that still
     * fits {@code needKbps}, other than this relay; null when none does. Event loop.
     */
    public DirectoryRecord redirectTarget(long needKbps) {
        String self = IdentityKey.fingerprint(publicKey);
        long now = wallMillis.getAsLong();
        DirectoryRecord best = null;
        for (Map.Entry<String, DirectoryRecord> e : directory.entrySet()) {
            DirectoryRecord r = e.getValue();
            if (e.getKey().equals(self) || r.expiresMillis <= now || r.spareKbps() < needKbps) {
                continue;
            }
            if (best == null || r.spareKbps() > best.spareKbps()) {
                best = r;
            }
        }
        return best;
    }

    /**
     * Every other relay of the directory as last read, also those whose entries have expired since (when the DHT
     * stalls, as it does for a while after a node dies, every entry may expire before the next read). Event loop.
     */
    public List<DirectoryRecord> otherRelays() {
        String self = IdentityKey.fingerprint(publicKey);
        List<DirectoryRecord> out = new ArrayList<>();
        for (Map.Entry<String, DirectoryRecord> e : directory.entrySet()) {
            if (!e.getKey().equals(self)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Whether a directory entry has not expired yet. Event loop. */
    public boolean isCurrent(DirectoryRecord r) {
        return r.expiresMillis > wallMillis.getAsLong();
    }

    /** Blocking work for a worker; an interrupt means the service is closing. */
    private interface Task {
        void run() throws InterruptedException;
    }

    /**
     * The relays a phone may fall back to, most spare uplink first, as far as a RELAY_LIST frame holds them (this
     * relay included: the phone knows which one it is on). Event loop.
     */
    public RelayList relayList() {
        long now = wallMillis.getAsLong();
        List<DirectoryRecord> live = new ArrayList<>();
        for (DirectoryRecord r : directory.values()) {
            if (r.expiresMillis > now) {
                live.add(r);
            }
        }
        live.sort((x, y) -> Long.compare(y.spareKbps(), x.spareKbps()));
        List<String> addresses = new ArrayList<>();
        List<Long> spare = new ArrayList<>();
        int bytes = 1;
        for (DirectoryRecord r : live) {
            String a = r.addresses.get(0);
            int more = 1 + a.length() + 4;
            if (addresses.size() == RelayList.MAX_RELAYS || bytes + more > Wire.MAX_FRAME - Wire.HEADER) {
                break;
            }
            bytes += more;
            addresses.add(a);
            spare.add(Math.min(r.spareKbps(), 0xFFFF_FFFFL));
        }
        long[] s = new long[spare.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = spare.get(i);
        }
        return new RelayList(addresses.toArray(new String[0]), s);
    }

    /**
     * Hands a worker's result to the event loop. Once the relay is stopping its loop takes nothing more, and a result
     * that comes back then has no one left to use it.
     */
    private void toLoop(String what, Runnable result) {
        try {
            loop.execute(result);
        } catch (RejectedExecutionException e) {
            LOG.debug("DHT {} done after the relay stopped: result dropped", what);
        }
    }

    private boolean submit(String what, Task task) {
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (InterruptedException e) {
                    LOG.debug("DHT {} cut short: closing", what);
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.error("DHT {} failed", what, e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            LOG.warn("DHT busy: {} dropped ({} queued)", what, QUEUE);
            return false;
        }
    }

    // ---- health (web face thread) --------------------------------------------------------------------------------

    @Override
    public String name() {
        return "DHT";
    }

    @Override
    public State state() {
        return readBackOk ? State.OK : State.DEGRADED;
    }

    @Override
    public String detail() {
        String p = problem;
        return (p == null ? "own writes readable" : p) + ", " + relaysKnown + " relays, " + peers + " peers, "
                + rejectedRecords.get() + " records rejected";
    }

    @Override
    public void close() {
        workers.shutdownNow();
        if (node != null) {
            node.close();
        }
    }
}
