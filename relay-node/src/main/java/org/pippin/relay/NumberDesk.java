package org.pippin.relay;

import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.pippin.identity.BlockList;
import org.pippin.identity.IdentityException;
import org.pippin.identity.LoginProof;
import org.pippin.identity.RegistrarRecord;
import org.pippin.protocol.Wire;
import org.pippin.registrar.Links;
import org.pippin.registrar.Outcome;
import org.pippin.registrar.RecordCache;
import org.pippin.registrar.RegistrarClient;
import org.pippin.registrar.RegistrarConfig;
import org.pippin.registrar.RegistrarServer;
import org.pippin.registrar.Reply;
import org.pippin.registrar.WallClock;
import org.pippin.relay.web.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's side of numbers and identity: the embedded registrar member when this relay is one, a client of the
 * group, a cache of registrar-signed records, and a bounded pool of threads that wait for the group. Requests are
 * made on the event loop; their results come back to it through {@code loop}, so the loop never blocks and all
 * session state stays on it. A full pool answers at once with UNAVAILABLE rather than queueing without bound.
 */
final class NumberDesk implements Health, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(NumberDesk.class);
    /** Requests waiting for a worker; more are refused at once (a phone retries, a queue only adds delay). */
    private static final int QUEUE = 64;

    /**
     * A login's verdict: {@code error} 0 when the number may attach, else the ERR_* to answer with; then the key that
     * owns the number, which its caller ids must be signed with, and the registrar's record saying so (its calls
     * carry it to the far phone, which checks the caller id itself).
     */
    record LoginResult(int error, String detail, BlockList blockList, byte[] ownerKey, byte[] record) {

        LoginResult(int error, String detail) {
            this(error, detail, null, null, null);
        }
    }

    private final RegistrarConfig config;
    /** This relay's registrar member, or null when it is only a client. */
    private final RegistrarServer member;
    private final RegistrarClient client;
    private final RecordCache cache;
    private final byte[][] registrarKeys;
    private final ThreadPoolExecutor workers;
    private final Executor loop;
    private final SecureRandom random = new SecureRandom();
    /** Whether the group's last answer to this relay was a failure (no leader, no majority, unreachable). */
    private volatile boolean unreachable;

    private NumberDesk(RegistrarConfig config, RegistrarServer member, Executor loop) {
        this.config = config;
        this.member = member;
        this.loop = loop;
        List<byte[]> trusted = new ArrayList<>();
        if (member != null) {
            trusted.add(member.publicKey());
        }
        trusted.addAll(config.trustedKeys);
        this.registrarKeys = trusted.subList(0, Math.min(trusted.size(), Wire.MAX_REGISTRAR_KEYS))
                .toArray(new byte[0][]);
        this.cache = new RecordCache(trusted, config.cacheRecords, config.cacheSeconds, WallClock.SYSTEM);
        this.client = RegistrarClient.connect(config);
        this.workers = new ThreadPoolExecutor(config.workers, config.workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), new DefaultThreadFactory("pippin-registrar-client", true));
    }

    /** Starts the embedded member when {@code registrar.self} is one, and the client. */
    static NumberDesk start(RegistrarConfig config, Executor loop) throws IOException {
        RegistrarServer member = config.isMember() ? RegistrarServer.start(config, WallClock.SYSTEM) : null;
        return new NumberDesk(config, member, loop);
    }

    /** A fresh 16-byte challenge for one login. */
    byte[] newChallenge() {
        byte[] c = new byte[LoginProof.CHALLENGE_SIZE];
        random.nextBytes(c);
        return c;
    }

    int difficulty() {
        return config.network.difficulty;
    }

    /** The registrar keys phones should trust, at most 7 (CHALLENGE carries no more). */
    byte[][] registrarKeys() {
        return registrarKeys;
    }

    /**
     * Checks a login whose challenge the relay has already matched: the number must be owned (cached or looked-up
     * registrar record) by the key that signed the proof; the group then records the login, and the owner's block
     * list comes along for the relay to enforce.
     */
    void login(LoginProof proof, byte[] challenge, Consumer<LoginResult> done) {
        submit(() -> checkLogin(proof, challenge),
                new LoginResult(Wire.ERR_UNAVAILABLE, "registrar busy"), done);
    }

    /** Forwards a phone-signed CLAIM, RELEASE or BLOCKLIST record to the group. */
    void forward(int type, byte[] record, Consumer<Reply> done) {
        submit(() -> {
            Reply r;
            switch (type) {
                case Wire.CLAIM:
                    r = client.claim(record);
                    break;
                case Wire.RELEASE:
                    r = client.release(record);
                    break;
                case Wire.LINKS:
                    r = client.setLinks(record);
                    break;
                case Wire.LINK_CHECK:
                    r = client.linkVerified(record);
                    break;
                default:
                    r = client.setBlockList(record);
                    break;
            }
            noteAnswer(r);
            if (r.record().length > 0 && r.outcome != Outcome.REPLAYED) {
                cache.offer(r.record());
            }
            return r;
        }, null, done);
    }

    /**
     * The owner's block list as the group has it now, for a number logged in here: {@code done} gets it on the loop,
     * or null when none is set or the group cannot say (the relay then keeps the list it has).
     */
    void refreshBlockList(String number, byte[] ownerKey, Consumer<BlockList> done) {
        submit(() -> blockList(number, ownerKey), null, done);
    }

    /**
     * The linked numbers of {@code number} as the group has them now, checked against the number's owner key:
     * {@code done} gets them on the loop, or null when the number has none, has no owner, or the group cannot say.
     */
    void links(String number, Consumer<Links> done) {
        submit(() -> links(number), null, done);
    }

    /** Whether {@code number} is owned (true), or out of service (false); null when the group did not answer. */
    void isOwned(String number, Consumer<Boolean> done) {
        submit(() -> {
            RegistrarRecord r = record(number);
            if (r == null) {
                return unreachable ? null : Boolean.FALSE;
            }
            return r.state == RegistrarRecord.OWNED;
        }, null, done);
    }

    /** The owner key of {@code number} (empty when no key owns it), or null when the group did not answer. */
    void ownerKey(String number, Consumer<byte[]> done) {
        submit(() -> {
            RegistrarRecord r = record(number);
            if (r == null) {
                return unreachable ? null : new byte[0];
            }
            return r.state == RegistrarRecord.OWNED ? r.ownerKey() : new byte[0];
        }, null, done);
    }

    /**
     * Whether a key holds {@code number}: owned, or in the quarantine after its release. Null when the registrar
     * cannot say, which callers must treat as held.
     */
    void isHeldByKey(String number, Consumer<Boolean> done) {
        submit(() -> {
            RegistrarRecord r = record(number);
            if (r != null) {
                return Boolean.TRUE;
            }
            return unreachable ? null : Boolean.FALSE;
        }, null, done);
    }

    /** The group's outcome as a RESULT outcome code. */
    static int resultCode(Outcome o) {
        switch (o) {
            case GRANTED: return Wire.RESULT_GRANTED;
            case TAKEN: return Wire.RESULT_TAKEN;
            case QUARANTINED: return Wire.RESULT_QUARANTINED;
            case RESERVED: return Wire.RESULT_RESERVED;
            case NOT_IN_PLAN: return Wire.RESULT_NOT_IN_PLAN;
            case BAD_SIGNATURE: return Wire.RESULT_BAD_SIGNATURE;
            case TOO_LITTLE_WORK: return Wire.RESULT_TOO_LITTLE_WORK;
            case MALFORMED: return Wire.RESULT_MALFORMED;
            case TOO_LARGE: return Wire.RESULT_TOO_LARGE;
            case NOT_OWNER: return Wire.RESULT_NOT_OWNER;
            case STALE: return Wire.RESULT_STALE;
            case NO_FREE_NUMBER: return Wire.RESULT_NO_FREE_NUMBER;
            case OK: return Wire.RESULT_OK;
            case REPLAYED: return Wire.RESULT_REPLAYED;
            // FAILED, and the lookup outcomes a write never gets: the phone can only try again later.
            default: return Wire.RESULT_UNAVAILABLE;
        }
    }

    // ---- on worker threads ------------------------------------------------------------------------------------

    private LoginResult checkLogin(LoginProof proof, byte[] challenge) {
        RegistrarRecord owner = record(proof.number);
        if (owner == null) {
            return unreachable ? new LoginResult(Wire.ERR_UNAVAILABLE, "registrar unreachable")
                    : new LoginResult(Wire.ERR_AUTH_FAILED, "number " + proof.number + " has no owner");
        }
        if (owner.state == RegistrarRecord.QUARANTINE) {
            return new LoginResult(Wire.ERR_NOT_IN_SERVICE, "number " + proof.number + " is in quarantine");
        }
        if (!proof.verify(challenge, owner.ownerKey())) {
            return new LoginResult(Wire.ERR_AUTH_FAILED, "proof not signed by the number's owner");
        }
        Reply r = client.login(proof.encode());
        noteAnswer(r);
        if (r.outcome == Outcome.FAILED) {
            return new LoginResult(Wire.ERR_UNAVAILABLE, "registrar unreachable");
        }
        if (r.outcome != Outcome.OK) {
            return new LoginResult(Wire.ERR_AUTH_FAILED, "registrar: " + r);
        }
        if (r.record().length > 0) {
            cache.offer(r.record());
        }
        return new LoginResult(0, "", blockList(proof.number, owner.ownerKey()), owner.ownerKey(), owner.encode());
    }

    /** The owner's block list, or null if none is set; a list the group cannot give now is enforced from none. */
    private BlockList blockList(String number, byte[] ownerKey) {
        Reply r = client.blockList(number);
        noteAnswer(r);
        if (r.outcome != Outcome.OK) {
            if (r.outcome != Outcome.NOT_FOUND) {
                LOG.warn("phone {}: block list not available: {}", number, r);
            }
            return null;
        }
        byte[] b = r.record();
        try {
            BlockList list = BlockList.decode(b, 0, b.length);
            if (list.verify(ownerKey)) {
                return list;
            }
            LOG.warn("phone {}: registrar gave a block list not signed by the owner", number);
        } catch (IdentityException e) {
            LOG.warn("phone {}: registrar gave a malformed block list: {}", number, e.getMessage());
        }
        return null;
    }

    private Links links(String number) {
        RegistrarRecord owner = record(number);
        if (owner == null || owner.state != RegistrarRecord.OWNED) {
            return null;
        }
        Reply r = client.links(number);
        noteAnswer(r);
        if (r.outcome != Outcome.OK) {
            if (r.outcome != Outcome.NOT_FOUND) {
                LOG.warn("phone {}: linked numbers not available: {}", number, r);
            }
            return null;
        }
        try {
            Links links = Links.decode(r.record());
            if (links.list != null && !links.list.verify(owner.ownerKey())) {
                LOG.warn("phone {}: registrar gave linked numbers not signed by the owner", number);
                return null;
            }
            return links;
        } catch (IOException e) {
            LOG.warn("phone {}: registrar gave malformed linked numbers: {}", number, e.getMessage());
            return null;
        }
    }

    /** The trusted registrar record for {@code number} from the cache, else from the group; null if none. */
    private RegistrarRecord record(String number) {
        RegistrarRecord cached = cache.get(number);
        if (cached != null) {
            return cached;
        }
        Reply r = client.lookup(number);
        noteAnswer(r);
        byte[] b = r.record();
        if (b.length == 0) {
            return null;
        }
        RecordCache.Verdict v = cache.offer(b);
        if (v != RecordCache.Verdict.CACHED && v != RecordCache.Verdict.OLDER_THAN_CACHED) {
            LOG.warn("registrar record for {} refused: {}", number, v);
            return null;
        }
        return cache.get(number);
    }

    private void noteAnswer(Reply r) {
        unreachable = r.outcome == Outcome.FAILED;
    }

    // ---- threads --------------------------------------------------------------------------------------------

    /** Runs {@code work} on a worker and hands its result to {@code done} on the loop; {@code ifBusy} at once if full. */
    private <T> void submit(Supplier<T> work, T ifBusy, Consumer<T> done) {
        try {
            workers.execute(() -> deliver(work.get(), done));
        } catch (RejectedExecutionException e) {
            LOG.warn("registrar requests: {} workers and {} queued are busy; refused one", config.workers, QUEUE);
            done.accept(ifBusy);
        }
    }

    private <T> void deliver(T result, Consumer<T> done) {
        try {
            loop.execute(() -> done.accept(result));
        } catch (RejectedExecutionException e) {
            LOG.debug("relay stopping; registrar answer dropped");
        }
    }

    // ---- health ---------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return "Registrar";
    }

    @Override
    public State state() {
        String role = role();
        return role.equals("leader") || role.equals("follower") || role.equals("client") ? State.OK : State.DEGRADED;
    }

    @Override
    public String detail() {
        int n = config.members.size();
        return role() + ", " + n + (n == 1 ? " member" : " members");
    }

    /** leader, follower, candidate (member without a leader), client, or unreachable. */
    private String role() {
        if (unreachable) {
            return "unreachable";
        }
        if (member == null) {
            return "client";
        }
        try {
            return member.role();
        } catch (IOException e) {
            return "unreachable";
        }
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        try {
            client.close();
        } finally {
            if (member != null) {
                member.close();
            }
        }
    }
}
