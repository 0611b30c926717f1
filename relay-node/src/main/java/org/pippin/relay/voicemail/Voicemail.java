package org.pippin.relay.voicemail;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.pippin.codec.Codecs;
import org.pippin.identity.IdentityException;
import org.pippin.identity.VoicemailSettings;
import org.pippin.protocol.Clock;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's voicemail: recordings of calls it answers for absent phones, the crash-safe message store, the owners'
 * signed settings, expiry, and the email outbox. Called from the relay's event loop; disk work runs on one worker
 * thread and SMTP on another, and every answer comes back to the loop ({@code loop.execute}).
 */
public final class Voicemail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Voicemail.class);
    private static final long EXPIRY_PERIOD_MILLIS = 3_600_000L;

    private final VoicemailConfig config;
    private final Clock clock;
    private final LongSupplier wallMillis;
    private final Executor loop;
    private final MessageStore store;
    private final Outbox outbox;
    private final Smtp smtp;
    private final Greetings greetings = new Greetings();
    private final OwnerGreetings ownGreetings;
    private final byte[][] silentFrames = new byte[3][];
    private final ExecutorService disk = Executors.newSingleThreadExecutor(r -> daemon(r, "pippin-voicemail"));
    private final ExecutorService mail = Executors.newSingleThreadExecutor(r -> daemon(r, "pippin-voicemail-smtp"));
    private final SecureRandom random = new SecureRandom();
    /** Settings as decoded from the store, by owner (read on the loop, written by the disk worker). */
    private final Map<String, VoicemailSettings> decoded = new ConcurrentHashMap<>();
    /** Told (on the loop) the owner number whose messages changed, to send message waiting. */
    private Consumer<String> changed = owner -> { };
    private long nextExpiryMillis;
    private final AtomicLong saved = new AtomicLong();
    private final AtomicLong emailsSent = new AtomicLong();
    private final AtomicLong emailsFailed = new AtomicLong();

    private Voicemail(VoicemailConfig config, Clock clock, LongSupplier wallMillis, Executor loop) throws IOException {
        this.config = config;
        this.clock = clock;
        this.wallMillis = wallMillis;
        this.loop = loop;
        this.store = MessageStore.open(config.dir);
        this.outbox = Outbox.open(config.dir.resolve("outbox"), store);
        this.ownGreetings = OwnerGreetings.open(config.dir, greetings);
        this.smtp = config.emailConfigured() ? new Smtp(config) : null;
        for (int codec : new int[] {Wire.CODEC_PCMU, Wire.CODEC_GSM, Wire.CODEC_SPEEX}) {
            silentFrames[codec] = Greetings.encode(Codecs.create(codec), new short[160]);
        }
        this.nextExpiryMillis = clock.nowMillis();
        LOG.info("voicemail: {} messages kept, {} emails to send; {}", store.size(), outbox.size(), config);
    }

    public static Voicemail open(VoicemailConfig config, Clock clock, LongSupplier wallMillis, Executor loop)
            throws IOException {
        return new Voicemail(config, clock, wallMillis, loop);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void setChangeListener(Consumer<String> changed) {
        this.changed = changed;
    }

    // ---- calls ------------------------------------------------------------------------------------------------

    /** Seconds {@code owner}'s phone rings before voicemail answers: the owner's choice, else the configured one. */
    public int ringTimeoutSeconds(String owner) {
        VoicemailSettings s = settings(owner);
        if (s == null || s.ringSeconds == 0) {
            return config.ringTimeoutSeconds;
        }
        return Math.max(5, Math.min(120, s.ringSeconds));
    }

    /**
     * A recording for a call to {@code owner}, or null when voicemail cannot take it: no codec of the mask it
     * records (PCMU, GSM, Speex), or the owner's mailbox is full.
     */
    public Recording begin(int callId, String owner, String caller, int codecMask, int ptimeMs, int reason,
            long nowMillis) {
        int codec = (codecMask & 1 << Wire.CODEC_GSM) != 0 ? Wire.CODEC_GSM
                : (codecMask & 1 << Wire.CODEC_SPEEX) != 0 ? Wire.CODEC_SPEEX
                : (codecMask & 1 << Wire.CODEC_PCMU) != 0 ? Wire.CODEC_PCMU : -1;
        if (codec < 0 || !Wire.isValidPtime(ptimeMs)) {
            return null;
        }
        if (store.counts(owner)[1] >= config.messagesPerOwner) {
            LOG.info("call {}: voicemail of {} is full ({} messages)", Wire.callIdHex(callId), owner,
                    config.messagesPerOwner);
            return null;
        }
        VoicemailSettings s = settings(owner);
        // Settings that choose the default greeting keep the owner's own ones on the relay, silent.
        byte[] own = s != null && s.greeting == VoicemailSettings.GREETING_DEFAULT ? null
                : ownGreetings.frames(owner, Greetings.kind(reason), codec);
        if (own != null) {
            LOG.info("call {}: the owner's own {} greeting plays", Wire.callIdHex(callId),
                    Wire.greetingName(Greetings.kind(reason)));
        }
        return new Recording(callId, owner, caller, codec, ptimeMs, reason, config,
                own != null ? own : greetings.frames(reason, codec), silentFrames[codec], nowMillis,
                random.nextInt(0x10000));
    }

    /**
     * Ends a recording and keeps the message: its email job first when the owner asked for email, then the message,
     * both on disk (fsync, rename) before {@code done} hears of it on the loop. {@code done} gets null when nothing
     * was kept (too short, or the disk failed: logged). {@code oneCopy}: the message is marked as lacking its second
     * copy on another relay (crash-safely, before the message itself) until {@link #copied} is called.
     */
    public void save(Recording r, boolean oneCopy, Consumer<Message> done) {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0 || store.info(id) != null);
        Message m = r.finish(id, wallMillis.getAsLong());
        if (m == null) {
            LOG.info("call {}: voicemail for {} not kept: shorter than {} s", Wire.callIdHex(r.callId), r.owner,
                    config.minSeconds);
            done.accept(null);
            return;
        }
        VoicemailSettings s = settings(m.owner);
        boolean email = s != null && s.emails();
        onDisk(() -> {
            if (email && smtp != null) {
                outbox.add(new Outbox.Job(m.id, s.email, s.deletesAfterEmail()));
            } else if (email) {
                LOG.warn("voicemail {}: owner {} asked for email, but voicemail.smtp.host is not set",
                        Wire.messageIdHex(m.id), m.owner);
            }
            store.save(m, oneCopy);
            saved.incrementAndGet();
            return m;
        }, saved -> {
            if (saved != null) {
                LOG.info("call {}: voicemail {} saved ({} bytes of {}){}", Wire.callIdHex(r.callId), m,
                        m.audioLength(), Wire.codecName(m.codec), email && smtp != null ? ", email queued" : "");
                changed.accept(m.owner);
            }
            done.accept(saved);
        }, "save " + m);
    }

    // ---- copies on other relays -------------------------------------------------------------------------------

    /** The message as its relays store and send it (PVM1 file with its CRC). */
    public static byte[] file(Message m) {
        return m.encode();
    }

    /** The most bytes a message file of this relay's longest message may have: larger copies are refused. */
    public int maxFileBytes() {
        return Message.FIXED_BYTES + 2 * Wire.MAX_NUMBER_DIGITS + config.maxSeconds * 50 * Wire.codecFrameBytes(
                Wire.CODEC_PCMU);
    }

    /**
     * Keeps a copy another relay sent (a replica, or one this relay pulled for its owner): checked (CRC, format)
     * and on disk (fsync, rename) before {@code done} hears RESULT_OK on the loop; RESULT_MALFORMED for a file that
     * fails its check, RESULT_MAILBOX_FULL, RESULT_UNAVAILABLE when the disk failed. A copy kept already is OK.
     */
    public void keepCopy(byte[] file, Consumer<Integer> done) {
        Message m;
        try {
            m = Message.decode(file);
        } catch (StoreException e) {
            LOG.warn("voicemail: copy refused: {}", e.getMessage());
            done.accept(Wire.RESULT_MALFORMED);
            return;
        }
        if (store.info(m.id) != null) {
            done.accept(Wire.RESULT_OK);
            return;
        }
        if (store.isGone(m.id)) {
            done.accept(Wire.RESULT_NO_SUCH_MESSAGE); // its owner deleted it here: it does not come back
            return;
        }
        if (store.counts(m.owner)[1] >= config.messagesPerOwner) {
            done.accept(Wire.RESULT_MAILBOX_FULL);
            return;
        }
        onDisk(() -> {
            store.save(m);
            return m;
        }, kept -> {
            if (kept != null) {
                LOG.info("voicemail {}: copy kept ({} bytes)", m, file.length);
                changed.accept(m.owner);
            }
            done.accept(kept == null ? Wire.RESULT_UNAVAILABLE : Wire.RESULT_OK);
        }, "copy of " + m);
    }

    /** The messages recorded here that still lack their second copy on another relay. */
    public List<MessageInfo> oneCopy() {
        return store.oneCopy();
    }

    /**
     * Another relay has message {@code id} on disk too: its one-copy marker goes. {@code done} hears on the loop
     * whether there was one (null if the disk failed: the copy is then made again later, which the holder takes).
     */
    public void copied(long id, Consumer<Boolean> done) {
        onDisk(() -> store.copied(id), done, "one-copy marker of " + Wire.messageIdHex(id));
    }

    /** Whether the owner deleted message {@code id} here (a tombstone is kept until it would have expired). */
    public boolean isGone(long id) {
        return store.isGone(id);
    }

    /** The owner's messages deleted here, as tombstones (id, owner, time), until they would have expired. */
    public List<MessageInfo> tombstones(String owner) {
        return store.tombstones(owner);
    }

    /** The stored file of message {@code id} of {@code owner}, checked; null if there is none. Loop callback. */
    public void readFile(long id, String owner, Consumer<byte[]> done) {
        MessageInfo i = store.info(id);
        if (i == null || !i.owner().equals(owner)) {
            done.accept(null);
            return;
        }
        onDisk(() -> {
            Message m = store.read(id);
            return m == null ? null : m.encode();
        }, done, "read file " + Wire.messageIdHex(id));
    }

    // ---- the owner's phone -----------------------------------------------------------------------------------

    /** {new, total} of the owner's messages. */
    public int[] counts(String owner) {
        return store.counts(owner);
    }

    /** The owner's messages, newest first. */
    public List<MessageInfo> list(String owner) {
        return store.list(owner);
    }

    public MessageInfo info(long id) {
        return store.info(id);
    }

    /** Reads a message with its audio (null if gone), marking it heard if asked; {@code done} runs on the loop. */
    public void read(long id, boolean markHeard, Consumer<Message> done) {
        onDisk(() -> {
            Message m = store.read(id);
            boolean heard = m != null && markHeard && store.markHeard(id);
            return m == null ? null : new Read(m, heard);
        }, r -> {
            done.accept(r == null ? null : r.message);
            if (r != null && r.heard) {
                changed.accept(r.message.owner); // after the audio: the phone hears what it asked for first
            }
        }, "read " + Wire.messageIdHex(id));
    }

    /**
     * Deletes a message for its owner (and any email still waiting for it), leaving a tombstone so that copies on
     * other relays go too; {@code done} gets what was deleted, or null.
     */
    public void delete(long id, Consumer<MessageInfo> done) {
        onDisk(() -> {
            MessageInfo i = store.delete(id, true);
            if (i != null) {
                outbox.drop(id);
            }
            return i;
        }, i -> {
            if (i != null) {
                changed.accept(i.owner());
            }
            done.accept(i);
        }, "delete " + Wire.messageIdHex(id));
    }

    /** The owner's settings as last stored, or null. Decoded once: the ring timer asks on every tick. */
    public VoicemailSettings settings(String owner) {
        VoicemailSettings cached = decoded.get(owner);
        if (cached != null) {
            return cached;
        }
        byte[] b = store.settings(owner);
        if (b == null) {
            return null;
        }
        try {
            VoicemailSettings s = VoicemailSettings.decode(b, 0, b.length);
            decoded.put(owner, s);
            return s;
        } catch (IdentityException e) {
            LOG.error("voicemail: stored settings of {} do not decode: {}", owner, e.getMessage());
            return null;
        }
    }

    /**
     * Keeps newer settings (the caller has checked the owner's signature): {@code done} gets true once they are on
     * disk, false if they are not newer than what is kept (a replay), null if the disk failed.
     */
    public void saveSettings(VoicemailSettings s, Consumer<Boolean> done) {
        VoicemailSettings old = settings(s.number);
        if (old != null && old.time >= s.time) {
            done.accept(Boolean.FALSE);
            return;
        }
        onDisk(() -> {
            store.saveSettings(s.number, s.encode());
            decoded.put(s.number, s);
            return Boolean.TRUE;
        }, done, "settings of " + s.number);
    }

    /**
     * Keeps the owner's own greeting of {@code kind} (whole frames of {@code codec}; the caller has checked that the
     * phone holds the number and that the upload is whole): {@code done} gets true once it is on disk and plays,
     * null if it could not be kept (logged).
     */
    public void saveGreeting(String owner, int kind, int codec, byte[] audio, Consumer<Boolean> done) {
        onDisk(() -> {
            ownGreetings.save(owner, kind, codec, audio);
            LOG.info("voicemail: {} greeting of {} kept ({} bytes of {})", Wire.greetingName(kind), owner,
                    audio.length, Wire.codecName(codec));
            return Boolean.TRUE;
        }, done, Wire.greetingName(kind) + " greeting of " + owner);
    }

    /** Deletes the owner's own greeting of {@code kind}: {@code done} gets whether there was one, null on failure. */
    public void deleteGreeting(String owner, int kind, Consumer<Boolean> done) {
        onDisk(() -> ownGreetings.delete(owner, kind), done, "delete " + Wire.greetingName(kind) + " greeting of "
                + owner);
    }

    /** Whether the owner's own greeting of {@code kind} is kept (and plays instead of the default). */
    public boolean hasGreeting(String owner, int kind) {
        return ownGreetings.has(owner, kind);
    }

    // ---- timers -----------------------------------------------------------------------------------------------

    /** Sends the emails that are due and, once an hour, deletes expired messages. Event loop. */
    public void tick(long nowMillis) {
        if (smtp != null) {
            for (Outbox.Job j : outbox.takeDue(nowMillis)) {
                try {
                    mail.execute(() -> email(j));
                } catch (RejectedExecutionException e) {
                    return; // closing
                }
            }
        }
        if (nowMillis >= nextExpiryMillis) {
            nextExpiryMillis = nowMillis + EXPIRY_PERIOD_MILLIS;
            expireNow();
        }
    }

    /** Deletes every message older than voicemail.expiry.days, on the worker. */
    public void expireNow() {
        long cutoff = wallMillis.getAsLong() - config.expiryDays * 86_400_000L;
        onDisk(() -> {
            List<MessageInfo> gone = store.expire(cutoff);
            for (MessageInfo i : gone) {
                outbox.drop(i.id());
            }
            return gone;
        }, gone -> {
            for (MessageInfo i : gone) {
                LOG.info("voicemail {} for {}: expired after {} days", Wire.messageIdHex(i.id()), i.owner(),
                        config.expiryDays);
                changed.accept(i.owner());
            }
        }, "expiry");
    }

    /** On the SMTP worker: one attempt at one email. */
    private void email(Outbox.Job j) {
        String what = "voicemail " + Wire.messageIdHex(j.id);
        try {
            Message m;
            try {
                m = store.read(j.id);
            } catch (java.nio.file.NoSuchFileException e) {
                m = null; // deleted by its owner while this job waited
            }
            if (m == null) {
                outbox.drop(j.id);
                return;
            }
            smtp.send(Email.compose(smtp.session(), m, j.to, config));
            outbox.sent(j);
            emailsSent.incrementAndGet();
            LOG.info("{}: emailed to the owner of {} (attempt {})", what, m.owner, j.attempts + 1);
            if (j.deleteAfter) {
                delete(j.id, i -> { });
            }
        } catch (MessagingException | IOException e) {
            emailsFailed.incrementAndGet();
            long wait = outbox.failed(j, clock.nowMillis(), config.retrySeconds * 1000L,
                    config.retryMaxSeconds * 1000L);
            LOG.warn("{}: email failed (attempt {}), next try in {} s: {}", what, j.attempts, wait / 1000,
                    e.getMessage());
        }
    }

    /** Messages saved since start (any thread). */
    public long messagesSaved() {
        return saved.get();
    }

    /** Emails the SMTP server accepted since start (any thread). */
    public long emailsSent() {
        return emailsSent.get();
    }

    /** Failed attempts to send an email since start (any thread). */
    public long emailsFailed() {
        return emailsFailed.get();
    }

    /** Emails waiting to be sent (any thread). */
    public int emailsWaiting() {
        return outbox.size();
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private record Read(Message message, boolean heard) {
    }

    /** Disk work that may fail. */
    private interface DiskTask<T> {
        T run() throws IOException;
    }

    /** Runs {@code task} on the disk worker, then {@code done} on the loop with its result (null if it failed). */
    private <T> void onDisk(DiskTask<T> task, Consumer<T> done, String what) {
        try {
            disk.execute(() -> {
                T result;
                try {
                    result = task.run();
                } catch (IOException e) {
                    LOG.error("voicemail: {} failed: {}", what, e.toString());
                    result = null;
                }
                T r = result;
                try {
                    loop.execute(() -> done.accept(r));
                } catch (RejectedExecutionException e) {
                    LOG.debug("voicemail: {} done after the relay stopped", what); // on disk; nobody to tell
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.error("voicemail: {} refused: the relay is stopping", what);
            done.accept(null);
        }
    }

    /** Finishes disk work already handed over (messages being saved), then stops; an SMTP send in progress ends. */
    @Override
    public void close() {
        disk.shutdown();
        mail.shutdown();
        try {
            if (!disk.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.error("voicemail: disk work still running after 10 s at shutdown");
            }
            if (!mail.awaitTermination(config.smtpTimeoutSeconds, TimeUnit.SECONDS)) {
                mail.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One page of {@code all} as a VM_LISTING, from index {@code first} (echoed as asked), at most
     * {@link VmListing#MAX_ENTRIES} entries, each entry's flags from {@code flags}: for the owner's phone and for
     * relays asking on its behalf alike.
     */
    public static VmListing listing(String owner, List<MessageInfo> all, int first, ToIntFunction<MessageInfo> flags) {
        int from = Math.min(first, all.size());
        int n = Math.min(VmListing.MAX_ENTRIES, all.size() - from);
        long[] ids = new long[n];
        String[] callers = new String[n];
        long[] times = new long[n];
        int[] durations = new int[n];
        int[] flagsOut = new int[n];
        for (int i = 0; i < n; i++) {
            MessageInfo m = all.get(from + i);
            ids[i] = m.id();
            callers[i] = m.caller();
            times[i] = m.timeMillis() / 1000;
            durations[i] = (int) Math.min(0xFFFF, (m.durationMillis() + 500) / 1000);
            flagsOut[i] = flags.applyAsInt(m);
        }
        return new VmListing(owner, Math.min(all.size(), 0xFFFF), first, ids, callers, times, durations, flagsOut);
    }
}
