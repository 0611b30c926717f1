package org.pippin.midlet;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.Random;
import java.util.Vector;

import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.Claim;
import org.pippin.identity.EphemeralKey;
import org.pippin.identity.IdentityException;
import org.pippin.identity.KeyShare;
import org.pippin.identity.Md5;
import org.pippin.identity.RegistrarRecord;
import org.pippin.identity.VoiceKeys;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Login;
import org.pippin.protocol.Probe;
import org.pippin.protocol.ProbeReply;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Redirect;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.Relays;
import org.pippin.protocol.ReliableLink;
import org.pippin.protocol.Result;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.SipPassword;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * The phone's signalling and media engine: its numbers (owned by the phone's identity key) logged in with one relay,
 * claims, releases and block lists, one call at a time, voice in and out, sealed end to end when both phones agreed
 * keys.
 *
 * <p>It starts no thread. Its owner feeds it received frames ({@link #onReceive}) and calls {@link #tick} when the
 * time it returned has passed; every timer (retransmission, transport fallback, keepalive, relay loss, voice pacing)
 * runs on the injected {@link Clock}, so tests drive it without sleeping. All entry points are synchronized: UI
 * commands, the receive thread, the timer thread and the proof-of-work thread take turns.
 *
 * <p>Connecting: HELLO asks the relay for a CHALLENGE (its nonce, the network's proof-of-work difficulty); each owned
 * number then logs in with its own HELLO, CHALLENGE and signed LOGIN, answered by REGISTERED. A phone that owns no
 * number yet stays online without logging in, so it can claim one.
 *
 * <p>Transport "auto" walks a ladder for carriers that block things: HELLO goes over UDP; when three sends (0, 1
 * and 3 s) bring no CHALLENGE by the time the fourth would be due (7 s), the phone assumes UDP is blocked and tries
 * TCP on the relay's port; when that brings no CHALLENGE within 15 s (a port that drops the connection attempt
 * included), TCP on each port of Pippin-Fallback-Ports in turn (443 passes where only web traffic does). A step that
 * fails outright (ICMP unreachable, connection refused) moves on at once. Voice uses the transport that got through.
 * "tcp" starts the ladder at TCP; "udp" has UDP only.
 *
 * <p>Relay choice: the phone knows several relays ({@link RelayBook}: the JAD's seeds, what relays listed since, kept
 * in the record store). Before it attaches it PROBEs up to {@link ProbeRound#MAX_PROBED} of them at once over UDP and
 * takes the quickest with room for a call, the next quickest as its fallback. When its relay goes quiet (KEEPALIVE
 * unanswered {@link #ECHO_SENDS} times, a retransmission given up, the connection broken) it logs in at the fallback
 * at once, through the same transport ladder, and probes again in the background for a new fallback; the relay it
 * logs in at writes its presence, so calls follow. When no relay answers a PROBE (UDP blocked) it walks the ladder of
 * each relay in turn; when every relay failed, it asks a relay's web face for {@code relays.xml} and starts over
 * after {@link #RETRY_MS}.
 */
public final class Engine implements ReliableLink.Listener, ReliableLink.Output {

    /** What the user interface hears about. Called with the engine's lock held: do not block. */
    public interface Listener {
        /** A line for the status display. */
        void status(String text);

        /** {@code callerKind} is {@link Engine#VERIFIED}, {@link Engine#ANONYMOUS} or {@link Engine#UNVERIFIED}. */
        void incoming(int callId, String caller, int callerKind, boolean endToEnd);

        void callStarted(int callId, String peer, int codec, int ptime, int transport, boolean endToEnd);

        /** About once a second during a call. */
        void callProgress(int callId, int seconds);

        /** The far end of the answered call pressed {@code key} (0-9, *, #, A-D). */
        void dtmf(int callId, char key);

        /** A call attempt or call is over (rejected, ended, failed); {@code why} is for people. */
        void callEnded(int callId, String why);

        /** The relay refused the phone or a request; {@code why} is for people (shown as an alert). */
        void refused(String why);

        /** A claim's proof of work is to be done: run it on a thread of its own and report back. */
        void claimWork(ClaimJob job);

        /** The numbers the phone owns changed (granted, released) or the one calls go out from. */
        void numbersChanged(String[] numbers, String active);

        /** The relay's answer to a CLAIM, RELEASE, BLOCKLIST, LINKS or LINK_CHECK ({@code Wire.RESULT_*}). */
        void result(int request, String number, int outcome, String why);

        /** The engine stopped after {@link Engine#stopWhenFlushed}. */
        void stopped();

        /** The registrar keys of the first CHALLENGE, which the engine trusts from now on: keep them. */
        void registrarsTrusted(byte[][] keys);

        /** The relays the phone knows changed ({@link RelayBook} record): keep them for the next start. */
        void relaysLearnt(byte[] record);

        /**
         * A round of PROBEs went out on these transports: read each on a thread of its own and hand what arrives to
         * {@link Engine#onProbeReceive} until the transport is closed.
         */
        void probing(Transport[] transports);

        /** Fetch the relay list from {@code url} on a thread and hand it to {@link Engine#relaysFetched}. */
        void fetchRelays(String url);
    }

    /** Connection state: not started; looking for the relay; the relay answered; at least one number logged in. */
    static final int IDLE = 0;
    static final int REGISTERING = 1;
    static final int REGISTERED = 2;
    static final int ONLINE = 3;

    /** Call state. */
    static final int NO_CALL = 0;
    static final int OUTGOING = 1;
    static final int ALERTING = 2;
    static final int INCOMING = 3;
    static final int ACTIVE = 4;

    /** What an incoming call's caller ID is worth. */
    public static final int VERIFIED = 0;
    public static final int ANONYMOUS = 1;
    /** No caller ID record, or one that does not match the INVITE. */
    public static final int UNVERIFIED = 2;

    /** After three unanswered HELLO sends over UDP (0, 1, 3 s) the fourth would be due at 7 s: try TCP. */
    static final int UDP_REGISTER_WAIT_MS = 7000;
    /** Over TCP nothing is retransmitted: without a CHALLENGE by then, the relay is taken as unreachable. */
    static final int TCP_REGISTER_WAIT_MS = 15000;
    /** Wait before connecting again after a failure or a lost relay. */
    static final int RETRY_MS = 10000;
    /** Relay considered gone after this many keepalive intervals without hearing anything. */
    static final int SILENT_INTERVALS = 3;
    /**
     * A KEEPALIVE the relay does not echo within this long is sent again; after {@link #ECHO_SENDS} unanswered the
     * relay is taken as gone (about 9 s after it died, plus up to one keepalive interval), well above GPRS round
     * trips.
     */
    static final int ECHO_WAIT_MS = 3000;
    static final int ECHO_SENDS = 3;
    /** The caller hangs up this long after its audio source ended (Pippin-Auto-Hangup: end-of-audio). */
    static final int HANGUP_TAIL_MS = 1000;
    private static final int PROGRESS_MS = 1000;
    /**
     * How long a key sent as DTMF lasts: LCDUI reports presses, not how long a key was held, and 100 ms is what IVRs
     * expect of a digit.
     */
    static final int DTMF_MS = 100;
    /**
     * TCP has no ACK to wait for: a phone exiting right after its BYE would close the socket while the other phone's
     * voice is still arriving, and closing with unread data sends a reset that can make the relay drop the BYE. The
     * receive thread reads on for this long, by which time the relay has ended the call and stopped forwarding.
     */
    static final int TCP_LINGER_MS = 500;
    private static final byte[] NONE = new byte[0];

    private final Settings settings;
    private final Transport.Factory transports;
    private final AudioDevice audio;
    private final Clock clock;
    private final Log log;
    private final Listener ui;
    private final Random random;
    private final Identity identity;

    private int state = IDLE;
    /** The relays the phone knows; the one in use ({@code host:port}) and the one to go to when it goes. */
    private final RelayBook book = new RelayBook();
    private String relay;
    private String fallback;
    /** Relays whose whole ladder failed since the last one that answered: not tried again until all have. */
    private final Vector failedRelays = new Vector();
    private ProbeRound probe;
    private boolean fetchingRelays;
    /** When the KEEPALIVE awaiting its echo was first sent, when to resend it, and sends so far (0: none waits). */
    private long echoSentAt;
    private long echoAt = Long.MAX_VALUE;
    private int echoSends;
    /** When the relay in use stopped answering, for the failover event; 0 while it answers. */
    private long lostAt;
    private Transport transport;
    /** Rung of the transport ladder in use or being tried (see {@link #stepKind}). */
    private int step;
    private ReliableLink link;
    private long registerAt = Long.MAX_VALUE;
    private long fallbackAt = Long.MAX_VALUE;
    private long keepaliveMs = Wire.DEFAULT_KEEPALIVE_SECONDS * 1000L;
    private long keepaliveAt = Long.MAX_VALUE;
    private long lastHeard;
    private long linkDue = Long.MAX_VALUE;
    private long stopAt = Long.MAX_VALUE;
    /** Over TCP, the earliest time to stop after {@link #stopWhenFlushed}: see {@link #TCP_LINGER_MS}. */
    private long lingerUntil;
    private boolean autoDialDone;
    /** How the call being placed was dialled (anonymously or not), for placing it again after a REDIRECT. */
    private boolean dialAnonymous;
    /** A call a full relay REDIRECTed, placed again once logged in at the relay it named (null: none). */
    private String redialCallee;
    private boolean redialAnonymous;
    /** The call being placed is one placed again after a REDIRECT: a second REDIRECT ends it (no relay loops). */
    private boolean redialled;
    private boolean autoDtmfDone;
    private boolean autoBlockDone;
    private boolean autoLinkDone;
    private boolean stopped;

    /** Numbers the phone owns, in the order they log in; {@link #active} is the one calls go out from. */
    private final Vector numbers = new Vector();
    private String active;
    /** Logged in on the current connection. */
    private final Vector online = new Vector();
    /** Refused at login on the current connection (released elsewhere, not ours): not tried again until reconnect. */
    private final Vector refusedLogins = new Vector();
    /** The HELLO awaiting its CHALLENGE (its nonce), the next resend, and sends so far. */
    private byte[] helloNonce;
    private long helloAt = Long.MAX_VALUE;
    private int helloSends;
    /** An unused challenge from the relay, and the difficulty the network asks of claims (-1: not known). */
    private byte[] challenge;
    private int difficulty = -1;
    private String loginPending;
    /** A claim the user asked for: its mode and number or prefix; its work; its signed record, once done. */
    private int claimMode = -1;
    private String claimNumber;
    private ClaimJob job;
    private byte[] claimRecord;
    /** The last claim's work, for its event: difficulty, hashes, milliseconds. */
    private String claimStats = "";
    /**
     * The CLAIM, RELEASE, BLOCKLIST, LINKS or LINK_CHECK awaiting its RESULT (0: none), the number it is about, and
     * the record.
     */
    private int requestPending;
    private String requestNumber;
    private RecordRequest waiting;
    /** A SIP_PASSWORD in progress: true to set a new password (asking the realm first), false to clear it. */
    private boolean sipSetting;
    /** The password whose HA1 was sent, until the relay says it is stored. */
    private String pendingSipPassword;

    private int call = NO_CALL;
    private int callId;
    private String peer;
    private int channel;
    private int offeredCodecs;
    private int callPtime;
    private boolean mediaStarted;
    private VoiceSender sender;
    private VoiceReceiver receiver;
    private Pacer pacer;
    private long callStart;
    private long progressAt = Long.MAX_VALUE;
    private long hangupAt = Long.MAX_VALUE;
    /** The owner's voicemail frames go here; null until the MIDlet sets it. */
    private Mailbox mailbox;
    /** The call's key exchange: this side's ephemeral key and share, the caller's share (callee), the keys. */
    private EphemeralKey ephemeral;
    private KeyShare ownShare;
    private KeyShare callerShare;
    private VoiceKeys voiceKeys;
    private int forged;
    /**
     * The registrar keys far ends' records must be signed by: those the phone kept, else those of the first CHALLENGE
     * (trust on first use), so a relay met later cannot bring its own registrar. Null until known.
     */
    private byte[][] registrarKeys;

    /**
     * @param owned the numbers the phone owns (from its store) and {@code active} the one calls go out from
     */
    public Engine(Settings settings, Transport.Factory transports, AudioDevice audio, Clock clock, Log log,
            Listener ui, Identity identity, String[] owned, String active) {
        this.settings = settings;
        this.transports = transports;
        this.audio = audio;
        this.clock = clock;
        this.log = log;
        this.ui = ui;
        this.identity = identity;
        this.random = new Random(identity.randomInt() ^ clock.nowMillis());
        for (int i = 0; i < owned.length; i++) {
            numbers.addElement(owned[i]);
        }
        for (int i = 0; i < settings.seeds.length; i++) {
            book.put(settings.seeds[i], RelayBook.UNKNOWN);
        }
        this.active = active != null && numbers.contains(active) ? active : owned.length > 0 ? owned[0] : null;
        if (settings.autoClaim != null && !numbers.contains(settings.autoClaim)
                && !(settings.autoClaimRandom && numbers.size() > 0)) {
            claimMode = settings.autoClaimRandom ? Claim.RANDOM : Claim.SPECIFIC;
            claimNumber = settings.autoClaim;
        }
    }

    /**
     * Adds the relays the phone kept from earlier runs (a {@link RelayBook} record) after the JAD's seeds; with none,
     * this first start asks a relay's web face for the network's relays too.
     */
    public synchronized void knownRelays(byte[] record) {
        if (record == null || record.length == 0) {
            if (settings.relaysUrl != null && !fetchingRelays) {
                fetchingRelays = true;
                log.info("first start: asking " + settings.relaysUrl + " for the network's relays");
                ui.fetchRelays(settings.relaysUrl);
            }
            return;
        }
        try {
            book.merge(record);
        } catch (IOException e) {
            log.info("stored relays unreadable (" + e.getMessage() + "); starting from the seeds");
        }
    }

    /** The relay list from {@code relays.xml}, or null (and why) when it could not be had. */
    public synchronized void relaysFetched(String[] addresses, long[] spareKbps, String failure) {
        fetchingRelays = false;
        if (addresses == null) {
            log.event("relays-fetch-failed " + failure);
            return;
        }
        log.event("relays-fetched " + addresses.length);
        learn(addresses, spareKbps);
        if (state == REGISTERING && transport == null && probe == null && registerAt != Long.MAX_VALUE
                && addresses.length > 0) {
            // Waiting to try the relays again after all failed: the new ones need not wait.
            registerAt = clock.nowMillis();
            notifyAll();
        }
    }

    public synchronized void setMailbox(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    // ---- commands (UI thread) ----

    /** Sends a voicemail request (list, fetch, delete) for {@link Mailbox}; false unless registered. */
    synchronized boolean sendMailbox(Frame f) {
        if (state != REGISTERED) {
            log.info("voicemail: not registered, " + Wire.typeName(f.type) + " not sent");
            return false;
        }
        return send(f);
    }

    /** Reliable frames waiting for the relay's ACK (0 without a connection): uploads keep few in flight. */
    synchronized int framesInFlight() {
        return link == null ? 0 : link.pendingCount();
    }

    /** Chooses a relay and connects to it (again, if connected) and logs in every number the phone owns. */
    public synchronized void connect() {
        if (book.size() == 0) {
            log.event("error no relay configured (Pippin-Relay)");
            ui.status("No relay configured");
            return;
        }
        if (call != NO_CALL) {
            ui.status("Hang up first");
            return;
        }
        dropTransport("connecting");
        endProbe();
        relay = null;
        fallback = null;
        state = REGISTERING;
        registerAt = clock.nowMillis();
        ui.status("Connecting...");
        notifyAll();
    }

    /** Asks the network for {@code number} ({@link Claim#SPECIFIC}) or a free one starting with it (RANDOM). */
    public synchronized void claim(int mode, String number) {
        if (job != null || claimRecord != null || requestPending == Wire.CLAIM) {
            ui.status("Already creating a number");
            return;
        }
        claimMode = mode;
        claimNumber = number;
        next();
    }

    /** The claim's work is done; sends the signed claim when the relay is there. */
    public synchronized void claimSolved(ClaimJob done, byte[] record) {
        if (done != job) {
            return;
        }
        job = null;
        claimRecord = record;
        claimStats = " difficulty=" + done.difficulty + " tries=" + done.tries() + " ms=" + done.workMillis();
        log.info("claim " + Identity.modeName(done.mode) + " " + done.number + ": " + done.tries() + " hashes in "
                + done.workMillis() + " ms at difficulty " + done.difficulty);
        next();
    }

    public synchronized void claimCancelled(ClaimJob done) {
        if (done == job) {
            job = null;
            claimMode = -1;
            log.event("claim-failed CANCELLED");
            ui.status("Number not created");
        }
    }

    /** Gives {@code number} up: a signed release; the number goes into quarantine. */
    public synchronized void release(String number) {
        sendRequest(Wire.RELEASE, number, identity.release(number));
    }

    /**
     * Sends {@code owner}'s signed block list and returns its sequence: the network's time in seconds, or one more
     * than {@code lastSequence} (the list it replaces) if that is not earlier; -1 if it could not be sent now.
     */
    public synchronized long sendBlockList(String owner, long lastSequence, boolean anonymous, String[] blocked,
            String[] prefixes) {
        long sequence = Math.max(identity.now(), lastSequence + 1);
        return sendRequest(Wire.BLOCKLIST, owner, identity.blockList(owner, sequence, anonymous, blocked, prefixes))
                ? sequence : -1;
    }

    /**
     * Sends {@code owner}'s signed list of linked numbers (see {@link org.pippin.identity.LinkedNumbers}) and returns
     * its sequence, chosen as for block lists; -1 if it could not be sent now.
     *
     * @throws IllegalArgumentException for a rule, step or number the record cannot carry
     */
    public synchronized long sendLinks(String owner, long lastSequence, int rule, int stepSeconds, String[] linked) {
        long sequence = Math.max(identity.now(), lastSequence + 1);
        return sendRequest(Wire.LINKS, owner, identity.links(owner, sequence, rule, stepSeconds, linked))
                ? sequence : -1;
    }

    /**
     * Asks the relay to call the external number {@code linked} with a code ({@code code} empty), or hands it the
     * code the owner saw; false if it could not be sent now.
     *
     * @throws IllegalArgumentException if {@code linked} is not external or the code is not 0..8 digits
     */
    public synchronized boolean checkLink(String owner, String linked, String code) {
        return sendRequest(Wire.LINK_CHECK, owner, identity.linkCheck(owner, linked, code));
    }

    /**
     * Gives {@code number} a new SIP password on the relay in use ({@code set}) or removes it: asks the relay's realm,
     * makes a random password, sends only its HA1; the password reaches the user once, in the RESULT's text. False if
     * it could not be sent now.
     */
    public synchronized boolean sipPassword(String number, boolean set) {
        if (!sendable(Wire.SIP_PASSWORD)) {
            return false;
        }
        sipSetting = set;
        requestPending = Wire.SIP_PASSWORD;
        requestNumber = number;
        log.info("sending SIP_PASSWORD " + number + (set ? " ASK" : " CLEAR"));
        return send(new SipPassword(number, set ? SipPassword.ASK : SipPassword.CLEAR));
    }

    /** Calls go out from {@code number} from now on. */
    public synchronized void use(String number) {
        if (numbers.contains(number)) {
            active = number;
            numbersChanged();
        }
    }

    /** The registrar keys the phone kept from an earlier run; a CHALLENGE's keys are then not taken on trust. */
    public synchronized void trustRegistrars(byte[][] keys) {
        registrarKeys = keys != null && keys.length > 0 ? keys : null;
    }

    /** Calls {@code callee} from the active number, or anonymously; ignored unless logged in and idle. */
    public synchronized void dial(String callee, boolean anonymous) {
        String from = callerNumber();
        if (from == null || call != NO_CALL) {
            ui.status(from == null ? "Not logged in" : "Already in a call");
            return;
        }
        int id = random.nextInt();
        while (id == 0) {
            id = random.nextInt();
        }
        dialAnonymous = anonymous;
        redialled = false;
        startCall(OUTGOING, id, callee);
        offeredCodecs = 1 << settings.codec;
        callPtime = settings.ptime;
        byte[] nonce = identity.randomBytes(CallerIdProof.NONCE_SIZE);
        byte[] proof = identity.callerId(anonymous ? null : from, callee, nonce);
        byte[] share = NONE;
        if (!anonymous) {
            // An anonymous caller cannot sign a key share without naming itself: its calls are not end to end.
            ephemeral = identity.newEphemeral();
            ownShare = identity.keyShare(KeyShare.CALLER, from, callee, nonce, ephemeral);
            share = ownShare.encode();
        }
        log.event("dialing " + hex(id) + " " + callee + " from=" + (anonymous ? "anonymous" : from));
        if (send(new Invite(id, anonymous ? "" : from, callee, offeredCodecs, settings.ptime, 0, proof, share))) {
            ui.status("Calling " + callee + "...");
        }
    }

    /** Answers the ringing incoming call, with this phone's key share when the caller offered one. */
    public synchronized void answer() {
        if (call != INCOMING) {
            return;
        }
        int codec = chooseCodec(offeredCodecs);
        if (codec < 0) {
            log.info("call " + hex(callId) + ": no common codec in " + Wire.codecMaskName(offeredCodecs));
            send(new Reject(callId, Wire.REJECT_INCOMPATIBLE));
            finish("rejected " + hex(callId) + " " + Wire.rejectName(Wire.REJECT_INCOMPATIBLE), "No common codec");
            return;
        }
        int ptime = Wire.isValidPtime(callPtime) ? callPtime : Wire.DEFAULT_PTIME;
        byte[] share = NONE;
        if (callerShare != null) {
            ephemeral = identity.newEphemeral();
            KeyShare mine = identity.keyShare(KeyShare.CALLEE, callerShare.caller, callerShare.callee,
                    callerShare.callNonce(), ephemeral);
            try {
                voiceKeys = VoiceKeys.derive(ephemeral, callerShare, mine, KeyShare.CALLEE);
                share = mine.encode();
            } catch (IdentityException e) {
                log.info("call " + hex(callId) + ": caller's key share unusable (" + e.getMessage()
                        + "); answering without encryption");
            }
        }
        if (send(new Answer(callId, codec, ptime, 0, share))) {
            startMedia(codec, ptime);
        }
    }

    /** Declines the ringing incoming call. */
    public synchronized void reject() {
        if (call != INCOMING) {
            return;
        }
        send(new Reject(callId, Wire.REJECT_DECLINED));
        finish("rejected " + hex(callId) + " " + Wire.rejectName(Wire.REJECT_DECLINED), "Call declined");
    }

    /**
     * Sends a key pressed during the answered call as DTMF (the far end may be an IVR behind a SIP trunk). False when
     * there is no answered call or the key has no DTMF event.
     */
    public synchronized boolean sendDtmf(char key) {
        int event = Dtmf.event(key);
        if (call != ACTIVE || event < 0) {
            return false;
        }
        log.event("dtmf-sent " + hex(callId) + " " + Dtmf.key(event));
        return send(new Dtmf(callId, event, DTMF_MS));
    }

    /** Ends the current call or call attempt. */
    public synchronized void hangup() {
        if (call == INCOMING) {
            reject();
        } else if (call == OUTGOING || call == ALERTING) {
            endCall(Wire.BYE_CANCELLED, true);
        } else if (call == ACTIVE) {
            endCall(Wire.BYE_NORMAL, true);
        }
    }

    /** Ends any call, closes the connection and makes {@link #awaitTransport} return null. */
    public synchronized void stop() {
        hangup();
        stopped = true;
        if (job != null) {
            job.cancel();
        }
        endProbe();
        dropTransport("stopped");
        state = IDLE;
        notifyAll();
    }

    /**
     * Stops once every reliable frame sent so far (a final BYE) is acknowledged, or after {@code maxWaitMs}, then
     * tells the listener: so a phone told to exit after a call does not vanish before its BYE got through.
     */
    public synchronized void stopWhenFlushed(long maxWaitMs) {
        long now = clock.nowMillis();
        stopAt = now + maxWaitMs;
        lingerUntil = transport != null && transport.kind() == Transport.TCP ? now + TCP_LINGER_MS : now;
        notifyAll();
    }

    // ---- threads ----

    /** Blocks until there is a transport to read from; null once stopped. For the receive thread. */
    public synchronized Transport awaitTransport() throws InterruptedException {
        while (!stopped && transport == null) {
            wait();
        }
        return stopped ? null : transport;
    }

    /** One received frame (voice or signalling) from {@code from}, at the start of {@code buf}. */
    public synchronized void onReceive(Transport from, byte[] buf, int len) {
        if (from != transport) {
            return;
        }
        lastHeard = clock.nowMillis();
        if (len >= VoicePacket.HEADER && VoicePacket.isVoice(buf, 0)) {
            if (call == ACTIVE && receiver != null) {
                if (voiceKeys != null) {
                    len = voiceKeys.receive.open(buf, 0, len);
                    if (len < 0) {
                        // Forged, replayed or too old: never played. Counted in audio-stats.
                        forged++;
                        return;
                    }
                }
                try {
                    receiver.onPacket(buf, 0, len);
                } catch (IOException e) {
                    audioFailed("writing received audio", e);
                }
            }
            return;
        }
        try {
            link.receive(buf, 0, len);
            // A frame may have started a call or cleared a retransmission: the timer thread must recompute its wait.
            notifyAll();
        } catch (ProtocolException e) {
            // UDP: a bad datagram is dropped, the link stays up.
            log.info("dropped bad frame from relay: " + Wire.errorName(e.code()) + " " + e.getMessage());
        } catch (IOException e) {
            transportFailed(from, e);
        }
    }

    /** The receive thread's read failed; a deliberate close of an old transport is ignored. */
    public synchronized void transportFailed(Transport t, IOException e) {
        if (t != transport || stopped) {
            return;
        }
        String why = e.getMessage() != null ? e.getMessage() : e.toString();
        relayLost("connection failed: " + why);
    }

    /**
     * Runs every timer that is due and returns how long (ms) until the next one; the timer thread waits that long on
     * this object (commands notify it).
     */
    public synchronized long tick() {
        if (stopped) {
            return Long.MAX_VALUE;
        }
        long now = clock.nowMillis();
        if (state == REGISTERING) {
            if (now >= registerAt) {
                registerAt = Long.MAX_VALUE;
                choose(now);
            } else if (now >= fallbackAt) {
                fallbackAt = Long.MAX_VALUE;
                String why = "no answer to HELLO over " + stepName(step).toUpperCase() + " for "
                        + (stepKind(step) == Transport.TCP ? TCP_REGISTER_WAIT_MS : UDP_REGISTER_WAIT_MS) + " ms";
                if (step + 1 < stepCount()) {
                    log.info(why + "; trying " + stepName(step + 1));
                    connect(step + 1, now);
                } else {
                    relayLost(why);
                }
            }
        }
        if (probe != null) {
            if (now >= probe.deadline || probe.allAnswered()) {
                endProbe(now);
            } else if (probe.resendIfDue(now)) {
                log.info("probe: sent again to the relays that have not answered");
            }
        }
        if (now >= helloAt) {
            if (helloSends >= Wire.MAX_SENDS) {
                relayLost("no CHALLENGE after " + helloSends + " HELLOs");
            } else {
                sendHello();
            }
        }
        pollLink();
        now = clock.nowMillis();
        if (state == REGISTERED) {
            if (echoSends > 0 && lastHeard >= echoSentAt) {
                echoSends = 0;
                echoAt = Long.MAX_VALUE;
            }
            if (now - lastHeard >= SILENT_INTERVALS * keepaliveMs) {
                relayLost("nothing heard for " + (now - lastHeard) + " ms");
            } else if (echoSends > 0 && now >= echoAt) {
                if (echoSends >= ECHO_SENDS) {
                    lostAt = echoSentAt;
                    relayLost("no answer to " + echoSends + " KEEPALIVEs in " + (now - echoSentAt) + " ms");
                } else {
                    echoSends++;
                    echoAt = now + ECHO_WAIT_MS;
                    send(new Keepalive(Keepalive.PHONE_PADDING));
                }
            } else if (now >= keepaliveAt) {
                keepaliveAt = now + keepaliveMs;
                if (echoSends == 0) {
                    echoSends = 1;
                    echoSentAt = now;
                    echoAt = now + ECHO_WAIT_MS;
                }
                send(new Keepalive(Keepalive.PHONE_PADDING));
            }
        }
        if (call == ACTIVE) {
            sendVoice(now);
        }
        if (call == ACTIVE && now >= progressAt) {
            progressAt += PROGRESS_MS;
            ui.callProgress(callId, (int) ((now - callStart) / 1000));
        }
        if (call == ACTIVE && now >= hangupAt) {
            log.info("call " + hex(callId) + ": audio source ended, hanging up");
            endCall(Wire.BYE_NORMAL, true);
        }
        if (stopAt != Long.MAX_VALUE && !stopped && (now >= stopAt || link == null
                || link.pendingCount() == 0 && now >= lingerUntil)) {
            stop();
            ui.stopped();
            return Long.MAX_VALUE;
        }
        // Frames sent above (keepalive, BYE) have new retransmission deadlines.
        pollLink();
        return nextDeadline(clock.nowMillis());
    }

    private void pollLink() {
        linkDue = Long.MAX_VALUE;
        if (link == null) {
            return;
        }
        try {
            long d = link.poll();
            if (d != Long.MAX_VALUE) {
                linkDue = clock.nowMillis() + d;
            }
        } catch (IOException e) {
            relayLost("send failed: " + e.getMessage());
        }
    }

    private long nextDeadline(long now) {
        long next = Long.MAX_VALUE;
        if (state == REGISTERING) {
            next = Math.min(registerAt, fallbackAt);
        }
        if (probe != null) {
            next = Math.min(next, Math.min(probe.deadline, probe.resendAt > now ? probe.resendAt : probe.deadline));
        }
        next = Math.min(next, Math.min(linkDue, Math.min(stopAt, helloAt)));
        if (stopAt != Long.MAX_VALUE && lingerUntil > now) {
            next = Math.min(next, lingerUntil);
        }
        if (state == REGISTERED) {
            next = Math.min(next, Math.min(Math.min(keepaliveAt, echoAt), lastHeard + SILENT_INTERVALS * keepaliveMs));
        }
        if (call == ACTIVE) {
            if (pacer != null) {
                next = Math.min(next, pacer.due());
            }
            next = Math.min(next, Math.min(progressAt, hangupAt));
        }
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, next - now);
    }

    /** The timer thread's loop: runs {@link #tick} and waits on this object until the next deadline or a command. */
    public synchronized void runTimers() {
        try {
            while (!stopped) {
                long wait = tick();
                if (wait > 0) {
                    wait(wait == Long.MAX_VALUE ? 0 : wait);
                }
            }
        } catch (InterruptedException e) {
            log.info("timer thread interrupted (" + e.getMessage() + "); engine stops");
            stop();
        } catch (RuntimeException e) {
            failedThread("timer", e);
        }
    }

    /** A bug or a platform surprise ended a thread: say so and stop, rather than run on half-alive. */
    private synchronized void failedThread(String name, RuntimeException e) {
        log.event("error internal failure in " + name + " thread: " + e);
        stop();
    }

    /** The receive thread's loop: one blocking read at a time on whatever transport is current. */
    public void runReceiver() {
        byte[] buf = new byte[Wire.MAX_FRAME];
        while (true) {
            Transport t;
            try {
                t = awaitTransport();
            } catch (InterruptedException e) {
                log.info("receive thread interrupted (" + e.getMessage() + "); engine stops");
                stop();
                return;
            }
            if (t == null) {
                return;
            }
            try {
                int len = t.receive(buf);
                onReceive(t, buf, len);
            } catch (IOException e) {
                transportFailed(t, e);
            } catch (RuntimeException e) {
                failedThread("receive", e);
                return;
            }
        }
    }

    // ---- ReliableLink callbacks (inside onReceive / tick) ----

    public void transmit(byte[] buf, int off, int len) throws IOException {
        if (transport == null) {
            throw new IOException("not connected");
        }
        transport.send(buf, off, len);
    }

    public void onFrame(Frame f) {
        if (f instanceof Challenge) {
            onChallenge((Challenge) f);
        } else if (f instanceof Registered) {
            onRegistered((Registered) f);
        } else if (mailbox != null && mailbox.onFrame(f)) {
            return; // voicemail frames, and the RESULTs of voicemail requests
        } else if (f instanceof Result) {
            onResult((Result) f);
        } else if (f instanceof Invite) {
            onInvite((Invite) f);
        } else if (f instanceof Ringing) {
            Ringing r = (Ringing) f;
            if (r.callId == callId && call == OUTGOING) {
                call = ALERTING;
                log.event("ringing " + hex(callId));
                ui.status("Ringing " + peer + "...");
            }
        } else if (f instanceof Answer) {
            Answer a = (Answer) f;
            if (a.callId == callId && (call == OUTGOING || call == ALERTING)) {
                channel = a.channel;
                onAnswer(a);
            }
        } else if (f instanceof VmAnswer) {
            VmAnswer a = (VmAnswer) f;
            if (a.callId == callId && (call == OUTGOING || call == ALERTING)) {
                // The relay took the call for the callee's voicemail: it is the far end, not end-to-end.
                log.event("voicemail " + hex(callId) + " " + Wire.rejectName(a.reason));
                peer = peer + " (voicemail: relay answered, not end-to-end)";
                channel = a.channel;
                startMedia(a.codec, a.ptimeMs);
            }
        } else if (f instanceof Reject) {
            Reject r = (Reject) f;
            if (r.callId == callId && (call == OUTGOING || call == ALERTING)) {
                finish("rejected " + hex(callId) + " " + Wire.rejectName(r.reason), rejectText(r.reason));
            }
        } else if (f instanceof Redirect) {
            onRedirect((Redirect) f);
        } else if (f instanceof Dtmf) {
            Dtmf d = (Dtmf) f;
            if (d.callId == callId && call == ACTIVE) {
                log.event("dtmf " + hex(callId) + " " + Dtmf.key(d.event));
                ui.dtmf(callId, Dtmf.key(d.event));
            }
        } else if (f instanceof Bye) {
            Bye b = (Bye) f;
            if (b.callId == callId && call != NO_CALL) {
                endCall(b.reason, false);
            }
        } else if (f instanceof ErrorFrame) {
            onError((ErrorFrame) f);
        } else if (f instanceof RelayList) {
            RelayList l = (RelayList) f;
            String[] a = new String[l.size()];
            long[] spare = new long[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = l.relay(i);
                spare[i] = l.spareKbps(i);
            }
            log.event("relay-list " + a.length);
            learn(a, spare);
        }
        // KEEPALIVE (the relay's echo) only refreshes lastHeard; unknown types were acknowledged by the link.
    }

    public void onUndelivered(Frame f) {
        relayLost(Wire.typeName(f.type) + " was not acknowledged");
    }

    // ---- internals ----

    /** Rungs of the ladder for the configured transport. */
    private int stepCount() {
        switch (settings.transport) {
            case Settings.TRANSPORT_UDP:
                return 1;
            case Settings.TRANSPORT_TCP:
                return 1 + settings.fallbackPorts.length;
            default:
                return 2 + settings.fallbackPorts.length;
        }
    }

    /** UDP or TCP for rung {@code s}: auto starts with one UDP rung, every other rung is TCP. */
    private int stepKind(int s) {
        return settings.transport == Settings.TRANSPORT_UDP || (settings.transport == Settings.TRANSPORT_AUTO
                && s == 0) ? Transport.UDP : Transport.TCP;
    }

    private int stepPort(int s) {
        int ladder = s - (settings.transport == Settings.TRANSPORT_AUTO ? 2 : 1);
        return ladder < 0 ? RelayBook.port(relay) : settings.fallbackPorts[ladder];
    }

    /** "udp", "tcp" (the relay's port) or "tcp:443" (a fallback port): the names used in events. */
    private String stepName(int s) {
        if (stepKind(s) == Transport.UDP) {
            return "udp";
        }
        return stepPort(s) == RelayBook.port(relay) ? "tcp" : "tcp:" + stepPort(s);
    }

    private void connect(int rung, long now) {
        dropTransport(null);
        step = rung;
        int kind = stepKind(rung);
        int port = stepPort(rung);
        String name = stepName(rung);
        String host = RelayBook.host(relay);
        try {
            transport = transports.open(kind, host, port);
        } catch (IOException e) {
            if (rung + 1 < stepCount()) {
                log.info("cannot open " + name + " to " + host + ": " + e.getMessage() + "; trying "
                        + stepName(rung + 1));
                connect(rung + 1, now);
                return;
            }
            log.event("error cannot open " + name + " to " + host + ":" + port + ": " + e.getMessage());
            relayFailed(now);
            return;
        } catch (SecurityException e) {
            log.event("error no permission to open " + name + ": " + e.getMessage());
            state = IDLE;
            ui.status("Network access denied");
            return;
        }
        link = new ReliableLink(this, this, clock, kind == Transport.TCP);
        lastHeard = now;
        if (kind == Transport.TCP) {
            fallbackAt = now + TCP_REGISTER_WAIT_MS;
        } else if (settings.transport == Settings.TRANSPORT_AUTO) {
            fallbackAt = now + UDP_REGISTER_WAIT_MS;
        }
        log.info("connecting to " + host + ":" + port + " over " + name);
        notifyAll();
        helloSends = 0;
        sendHello();
    }

    /** A HELLO with a fresh nonce: only the CHALLENGE echoing it counts, so a late answer to an older one cannot. */
    private void sendHello() {
        helloNonce = identity.randomBytes(Wire.NONCE_SIZE);
        challenge = null;
        helloSends++;
        // Unreliable: over UDP it is sent again after 1, 2, 4, 8 s; over TCP once.
        helloAt = transport != null && transport.kind() == Transport.UDP
                ? clock.nowMillis() + Math.min(Wire.RETRY_MAX_MS, Wire.RETRY_FIRST_MS << (helloSends - 1))
                : Long.MAX_VALUE;
        send(Hello.padded(helloNonce));
    }

    private void onChallenge(Challenge c) {
        if (helloNonce == null || !same(helloNonce, c.clientNonce())) {
            return;
        }
        helloNonce = null;
        helloAt = Long.MAX_VALUE;
        challenge = c.challenge();
        difficulty = c.difficulty;
        if (registrarKeys == null && c.keyCount() > 0) {
            registrarKeys = new byte[c.keyCount()][];
            for (int i = 0; i < registrarKeys.length; i++) {
                registrarKeys[i] = c.registrarKey(i);
            }
            ui.registrarsTrusted(registrarKeys);
        }
        if (state == REGISTERING) {
            state = ONLINE;
            fallbackAt = Long.MAX_VALUE;
            log.info("relay answers over " + stepName(step) + "; claims need " + difficulty + " bits of work");
            ui.status(numbers.isEmpty() ? "Online; no number yet" : "Logging in...");
        }
        next();
    }

    /**
     * What to do next on a connection that answers: log in the next number, send a finished claim, start a claim's
     * work, or (test mode) dial. One thing at a time: each login needs its own challenge.
     */
    private void next() {
        if (link == null || state == REGISTERING || state == IDLE || helloNonce != null || loginPending != null) {
            return;
        }
        String login = nextLogin();
        if (login != null) {
            if (challenge == null) {
                sendHello();
                return;
            }
            loginPending = login;
            byte[] proof = identity.login(login, challenge);
            challenge = null;
            log.info("logging in " + login);
            send(new Login(proof, Codecs.supportedMask()));
            return;
        }
        if (requestPending == 0 && claimRecord != null) {
            byte[] r = claimRecord;
            claimRecord = null;
            sendRequest(Wire.CLAIM, claimNumber, r);
            return;
        }
        if (claimMode >= 0 && job == null && claimRecord == null && requestPending == 0) {
            if (difficulty < 0) {
                sendHello();
                return;
            }
            job = identity.claimJob(claimMode, claimNumber, difficulty);
            // The work may take a minute, in which the relay may replace or forget it: logins ask afresh.
            challenge = null;
            log.event("claiming " + Identity.modeName(claimMode) + " " + (claimNumber.length() == 0 ? "-"
                    : claimNumber) + " difficulty=" + difficulty);
            ui.status("Creating a number...");
            ui.claimWork(job);
            return;
        }
        if (state == REGISTERED && settings.autoBlockNumbers != null && !autoBlockDone && requestPending == 0) {
            autoBlockDone = true;
            sendBlockList(callerNumber(), 0, settings.autoBlockAnonymous, settings.autoBlockNumbers,
                    settings.autoBlockPrefixes);
            return;
        }
        if (state == REGISTERED && settings.autoLinks != null && !autoLinkDone && requestPending == 0) {
            autoLinkDone = true;
            try {
                sendLinks(callerNumber(), 0, settings.autoLinkRule, settings.autoLinkStep, settings.autoLinks);
                return;
            } catch (IllegalArgumentException e) {
                log.event("error Pippin-Auto-Link: " + e.getMessage());
            }
        }
        if (state == REGISTERED && redialCallee != null && requestPending == 0) {
            String callee = redialCallee;
            redialCallee = null;
            log.event("redial " + callee + " via " + relay);
            dial(callee, redialAnonymous);
            redialled = true;
            return;
        }
        if (state == REGISTERED && settings.autoDial != null && !autoDialDone && claimMode < 0) {
            autoDialDone = true;
            dial(settings.autoDial, settings.autoAnonymous);
        }
    }

    /** The first owned number not yet logged in on this connection (nor refused), or null. */
    private String nextLogin() {
        for (int i = 0; i < numbers.size(); i++) {
            Object n = numbers.elementAt(i);
            if (!online.contains(n) && !refusedLogins.contains(n)) {
                return (String) n;
            }
        }
        return null;
    }

    private String callerNumber() {
        if (active != null && online.contains(active)) {
            return active;
        }
        return online.isEmpty() ? null : (String) online.elementAt(0);
    }

    /** Whether a request of {@code type} can go out now; if not, the user hears why. */
    private boolean sendable(int type) {
        if (requestPending != 0) {
            ui.status("Busy; try again in a moment");
            return false;
        }
        if (link == null || state == REGISTERING || state == IDLE) {
            log.event("error no connection for " + Wire.typeName(type));
            ui.refused("Not connected to the network; try again later");
            return false;
        }
        return true;
    }

    private boolean sendRequest(int type, String number, byte[] record) {
        if (!sendable(type)) {
            if (type == Wire.CLAIM && requestPending == 0) {
                // Kept: sent as soon as the relay answers again.
                claimRecord = record;
            }
            return false;
        }
        requestPending = type;
        requestNumber = number;
        waiting = new RecordRequest(type, record);
        log.info("sending " + Wire.typeName(type) + " " + number);
        return send(waiting);
    }

    private void onResult(Result r) {
        if (r.request != requestPending) {
            return;
        }
        if (r.request == Wire.SIP_PASSWORD) {
            sipPasswordResult(r);
            return;
        }
        requestPending = 0;
        waiting = null;
        String number = requestNumber;
        String outcome = Wire.resultName(r.outcome);
        String why = r.detail.length() > 0 ? r.detail : outcome;
        RegistrarRecord record = null;
        byte[] b = r.record();
        if (b.length > 0) {
            try {
                record = RegistrarRecord.decode(b, 0, b.length);
            } catch (IdentityException e) {
                log.info(Wire.typeName(r.request) + " result carries a bad record: " + e.getMessage());
            }
        }
        boolean mine = record != null && same(record.ownerKey(), identity.publicKey());
        if (r.request == Wire.CLAIM) {
            claimMode = -1;
            if ((r.outcome == Wire.RESULT_GRANTED || r.outcome == Wire.RESULT_REPLAYED) && mine
                    && record.state == RegistrarRecord.OWNED) {
                identity.learnTime(record.issued);
                granted(record.number);
            } else {
                log.event("claim-failed " + outcome + " " + why);
                if (r.outcome == Wire.RESULT_TOO_LITTLE_WORK) {
                    difficulty = -1;
                }
                ui.result(r.request, number, r.outcome, claimText(r.outcome));
            }
        } else if (r.request == Wire.RELEASE) {
            if (r.outcome == Wire.RESULT_OK || r.outcome == Wire.RESULT_REPLAYED) {
                if (r.outcome == Wire.RESULT_OK && mine) {
                    identity.learnTime(record.issued);
                }
                numbers.removeElement(number);
                online.removeElement(number);
                if (number.equals(active)) {
                    active = numbers.isEmpty() ? null : (String) numbers.elementAt(0);
                }
                if (online.isEmpty() && state == REGISTERED) {
                    state = ONLINE;
                    keepaliveAt = Long.MAX_VALUE;
                }
                log.event("released " + number + (record != null && record.state == RegistrarRecord.QUARANTINE
                        ? " until=" + record.until : ""));
                numbersChanged();
            } else {
                log.event("release-failed " + number + " " + outcome + " " + why);
            }
            ui.result(r.request, number, r.outcome, why);
        } else if (r.request == Wire.BLOCKLIST) {
            log.event("blocklist " + number + " " + outcome);
            ui.result(r.request, number, r.outcome, why);
        } else {
            log.event((r.request == Wire.LINKS ? "links " : "link-check ") + number + " " + outcome);
            ui.result(r.request, number, r.outcome, linkText(r.outcome, why));
        }
        next();
    }

    /**
     * The realm the relay named makes the HA1 of a fresh password, which goes out at once (the request stays
     * pending); OK ends it, with the password in the text for the user.
     */
    private void sipPasswordResult(Result r) {
        String number = requestNumber;
        if (r.outcome == Wire.RESULT_SIP_REALM && sipSetting && SipPassword.isRealm(r.detail)) {
            String password = newSipPassword();
            byte[] ha1 = Md5.digest(utf8(number + ":" + r.detail + ":" + password));
            pendingSipPassword = password;
            sipSetting = false;
            log.info("sending SIP_PASSWORD " + number + " SET realm " + r.detail);
            send(new SipPassword(number, SipPassword.SET, r.detail, ha1));
            return;
        }
        requestPending = 0;
        String password = pendingSipPassword;
        pendingSipPassword = null;
        sipSetting = false;
        log.event("sip-password " + number + " " + Wire.resultName(r.outcome));
        String text;
        if (r.outcome == Wire.RESULT_OK) {
            text = password != null ? "SIP password of " + number + ": " + password + "\nUser " + number + ", realm "
                    + r.detail + ". Type it into your SIP phone now: it is not shown again."
                    : "SIP password of " + number + " removed";
        } else if (r.outcome == Wire.RESULT_NOT_OWNER) {
            text = "Not logged in with " + number + "; try again in a moment";
        } else if (r.outcome == Wire.RESULT_UNAVAILABLE) {
            text = "This relay has no SIP side, or cannot store the password now";
        } else {
            text = "SIP password not set: " + Wire.resultName(r.outcome);
        }
        ui.result(Wire.SIP_PASSWORD, number, r.outcome, text);
        next();
    }

    /** Alphabet without look-alikes (0/o, 1/l): 32 signs, so each random byte gives 5 unbiased bits. */
    private static final String PASSWORD_SIGNS = "abcdefghijkmnpqrstuvwxyz23456789";

    /** 16 signs from the phone's generator (80 bits), in groups of four for typing: {@code abcd-efgh-jkmn-pqrs}. */
    private String newSipPassword() {
        byte[] b = identity.randomBytes(16);
        StringBuffer sb = new StringBuffer(19);
        for (int i = 0; i < b.length; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(PASSWORD_SIGNS.charAt(b[i] & 31));
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        try {
            return s.getBytes("UTF-8");
        } catch (UnsupportedEncodingException e) {
            // Every CLDC implementation has UTF-8.
            throw new IllegalStateException(e.getMessage());
        }
    }

    private void granted(String number) {
        if (!numbers.contains(number)) {
            numbers.addElement(number);
        }
        if (active == null) {
            active = number;
        }
        log.event("claimed " + number + claimStats);
        numbersChanged();
        ui.result(Wire.CLAIM, number, Wire.RESULT_GRANTED, "");
    }

    private void numbersChanged() {
        String[] n = new String[numbers.size()];
        numbers.copyInto(n);
        ui.numbersChanged(n, active);
    }

    static boolean same(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }

    private void retryLater(long now) {
        dropTransport(null);
        relay = null;
        state = REGISTERING;
        registerAt = now + RETRY_MS;
        fallbackAt = Long.MAX_VALUE;
    }

    private void dropTransport(String why) {
        if (transport != null) {
            Transport t = transport;
            transport = null;
            link = null;
            try {
                t.close();
            } catch (IOException e) {
                log.info("closing the old connection failed: " + e.getMessage());
            }
            if (why != null) {
                log.info("connection closed: " + why);
            }
        }
        keepaliveAt = Long.MAX_VALUE;
        echoAt = Long.MAX_VALUE;
        echoSends = 0;
        fallbackAt = Long.MAX_VALUE;
        helloAt = Long.MAX_VALUE;
        helloNonce = null;
        challenge = null;
        loginPending = null;
        online.removeAllElements();
        refusedLogins.removeAllElements();
        if (requestPending != 0) {
            int type = requestPending;
            requestPending = 0;
            if (type == Wire.CLAIM) {
                // The registrar may have granted it; the same signed claim is sent again once connected.
                claimRecord = waiting.record();
            } else {
                pendingSipPassword = null;
                log.event(requestEvent(type) + requestNumber + " NO_CONNECTION");
                ui.result(type, requestNumber, Wire.RESULT_UNAVAILABLE, "connection lost");
            }
            waiting = null;
        }
    }

    /** Sends a signalling frame; a failure counts as losing the relay. Returns false if it failed. */
    private boolean send(Frame f) {
        if (link == null) {
            relayLost("no connection for " + Wire.typeName(f.type));
            return false;
        }
        try {
            link.send(f);
            // The timer thread recomputes its wait: the frame has a retransmission deadline now.
            notifyAll();
            return true;
        } catch (IOException e) {
            relayLost("sending " + Wire.typeName(f.type) + " failed: " + e.getMessage());
            return false;
        }
    }

    private void relayLost(String why) {
        if (state == IDLE) {
            return;
        }
        if (state == REGISTERING && transport != null && step + 1 < stepCount()) {
            // E.g. ICMP port unreachable, connection refused, or a send the phone's own firewall refuses: no point
            // waiting out this rung.
            log.info(stepName(step) + " to the relay failed (" + why + "); trying " + stepName(step + 1));
            connect(step + 1, clock.nowMillis());
            return;
        }
        log.event("error relay " + (state == REGISTERING ? "unreachable" : "lost") + ": " + why);
        if (call != NO_CALL) {
            // The relay is gone, so is the call: nobody to send BYE to.
            finishCall(Wire.BYE_PEER_LOST, "local", "Connection lost");
        }
        if (state != REGISTERING && lostAt == 0) {
            lostAt = clock.nowMillis();
        }
        dropTransport(why);
        ui.status("Relay lost; retrying...");
        relayFailed(clock.nowMillis());
    }

    /**
     * The relay in use is gone or never answered on any rung: on to the fallback at once, else to the next relay not
     * yet tried; when every relay failed, the relay list is asked for over HTTP and the phone starts over later.
     */
    private void relayFailed(long now) {
        if (relay != null && !failedRelays.contains(relay)) {
            failedRelays.addElement(relay);
        }
        String next = fallback != null && !failedRelays.contains(fallback) ? fallback : untried();
        fallback = null;
        if (next == null) {
            log.info("no relay answered; trying them all again in " + RETRY_MS + " ms");
            failedRelays.removeAllElements();
            fetchRelays();
            retryLater(now);
            return;
        }
        if (relay != null) {
            log.event("failover " + relay + " " + next);
        }
        relay = next;
        state = REGISTERING;
        connect(0, now);
    }

    /**
     * The first relay of the book whose ladder has not failed since the last one answered, preferring those not known
     * to be full (a full relay may have room again by now); null when every one failed.
     */
    private String untried() {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < book.size(); i++) {
                if (!failedRelays.contains(book.address(i)) && (pass == 1 || book.spareKbps(i) != 0)) {
                    return book.address(i);
                }
            }
        }
        return null;
    }

    private void fetchRelays() {
        if (settings.relaysUrl != null && !fetchingRelays) {
            fetchingRelays = true;
            ui.fetchRelays(settings.relaysUrl);
        }
    }

    /** Relays a relay or its web face listed: kept (and stored) for this run and the next. */
    private void learn(String[] addresses, long[] spareKbps) {
        boolean changed = false;
        for (int i = 0; i < addresses.length; i++) {
            changed |= book.put(addresses[i], spareKbps[i]);
        }
        if (changed) {
            ui.relaysLearnt(book.encode());
        }
        if (fallback == null && relay != null && state == REGISTERED && probe == null) {
            startProbe(clock.nowMillis(), true);
        }
    }

    /**
     * Picks a relay: with more than one known and UDP allowed, a round of PROBEs decides; otherwise the first of
     * the book that has not failed.
     */
    private void choose(long now) {
        if (settings.transport != Settings.TRANSPORT_TCP && book.size() > 1 && startProbe(now, false)) {
            ui.status("Choosing a relay...");
            return;
        }
        relay = null;
        relayFailed(now);
    }

    /**
     * PROBEs up to {@link ProbeRound#MAX_PROBED} relays (not the one in use, none known to be full); returns false
     * when none could be probed.
     */
    private boolean startProbe(long now, boolean background) {
        endProbe();
        int n = 0;
        String[] picked = new String[ProbeRound.MAX_PROBED];
        for (int i = 0; i < book.size() && n < picked.length; i++) {
            String a = book.address(i);
            if (book.spareKbps(i) != 0 && !a.equals(relay) && !(background && failedRelays.contains(a))) {
                picked[n++] = a;
            }
        }
        String[] addresses = new String[n];
        Transport[] ts = new Transport[n];
        byte[][] nonces = new byte[n][];
        int opened = 0;
        for (int i = 0; i < n; i++) {
            addresses[i] = picked[i];
            nonces[i] = identity.randomBytes(Probe.NONCE_SIZE);
            try {
                ts[i] = transports.open(Transport.UDP, RelayBook.host(picked[i]), RelayBook.port(picked[i]));
                opened++;
            } catch (IOException e) {
                log.info("probe: cannot open udp to " + picked[i] + ": " + e.getMessage());
            } catch (SecurityException e) {
                log.info("probe: no permission to open udp to " + picked[i] + ": " + e.getMessage());
            }
        }
        if (opened == 0) {
            return false;
        }
        probe = new ProbeRound(addresses, ts, nonces, now, background, log);
        log.info("probe: " + opened + " relays" + (background ? " (for a fallback)" : ""));
        ui.probing(ts);
        probe.send(now);
        notifyAll();
        return true;
    }

    /** One datagram on a probe transport, from its receive thread. */
    public synchronized void onProbeReceive(Transport from, byte[] buf, int len) {
        if (probe == null) {
            return;
        }
        Frame f;
        try {
            f = FrameCodec.decode(buf, 0, len);
        } catch (ProtocolException e) {
            log.info("probe: dropped bad frame: " + e.getMessage());
            return;
        }
        if (!(f instanceof ProbeReply)) {
            return;
        }
        long now = clock.nowMillis();
        int i = probe.onReply(from, (ProbeReply) f, now);
        if (i < 0) {
            return;
        }
        log.event("probe " + probe.addresses[i] + " rtt=" + probe.rtt(i) + " spare=" + probe.spare(i) + " free="
                + probe.free(i));
        book.put(probe.addresses[i], probe.hasRoom(i) ? probe.spare(i) : 0);
        notifyAll();
    }

    /** A probe transport's read failed: the round goes on without it. */
    public synchronized void probeFailed(Transport t, IOException e) {
        String address = probe == null ? null : probe.addressOf(t);
        if (address != null) {
            log.info("probe: " + address + " cannot be read: " + (e.getMessage() != null ? e.getMessage()
                    : e.toString()));
        }
    }

    /** The round is over: attach to the quickest relay with room (or keep it as the fallback). */
    private void endProbe(long now) {
        ProbeRound round = probe;
        endProbe();
        String[] ranked = round.ranked();
        if (round.background) {
            // The phone may have moved meanwhile: its fallback is another relay.
            fallback = null;
            for (int i = 0; i < ranked.length && fallback == null; i++) {
                fallback = ranked[i].equals(relay) ? null : ranked[i];
            }
            log.event("fallback " + (fallback == null ? "-" : fallback));
            return;
        }
        if (ranked.length == 0) {
            log.event(round.answered() > 0 ? "probe-no-room " + round.answered()
                    : "probe-unanswered " + round.addresses.length);
            // UDP may be blocked: each relay's whole ladder, in the book's order, then HTTP.
            fetchRelays();
            relay = null;
            relayFailed(now);
            return;
        }
        relay = ranked[0];
        fallback = ranked.length > 1 ? ranked[1] : null;
        log.event("relay-chosen " + relay + " fallback=" + (fallback == null ? "-" : fallback) + " of "
                + round.answered());
        connect(0, now);
    }

    private void endProbe() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }

    private void onRegistered(Registered r) {
        if (loginPending == null || !loginPending.equals(r.number)) {
            return;
        }
        loginPending = null;
        online.addElement(r.number);
        long now = clock.nowMillis();
        if (state != REGISTERED) {
            state = REGISTERED;
            keepaliveMs = (r.keepaliveSeconds > 0 ? r.keepaliveSeconds : Wire.DEFAULT_KEEPALIVE_SECONDS) * 1000L;
            keepaliveAt = now + keepaliveMs;
            failedRelays.removeAllElements();
            // The relay's view of the network, for fallbacks now and relays to start from next time.
            send(new Relays());
        }
        String kind = stepName(step);
        log.event("registered " + r.number + " " + kind);
        if (lostAt != 0) {
            // From the old relay's silence (or broken connection) to logged in elsewhere, in ms.
            log.event("reattached " + relay + " " + (now - lostAt));
            lostAt = 0;
        }
        ui.status("Logged in as " + callerNumber() + " (" + kind + ")");
        if (mailbox != null) {
            mailbox.registered(r.number);
        }
        next();
    }

    private void onInvite(Invite inv) {
        if (state != REGISTERED) {
            return;
        }
        if (call != NO_CALL) {
            if (inv.callId != callId) {
                log.info("call " + hex(inv.callId) + ": busy with call " + hex(callId));
                send(new Reject(inv.callId, Wire.REJECT_BUSY));
            }
            return;
        }
        startCall(INCOMING, inv.callId, inv.caller);
        channel = inv.channel;
        offeredCodecs = inv.codecMask;
        callPtime = inv.ptimeMs;
        byte[] callerKey = ownerKey(inv.record(), inv.caller, inv.callId);
        int kind = callerKind(inv, callerKey);
        if (kind == ANONYMOUS) {
            peer = "anonymous";
        }
        // Voice keys only from a share the caller's own key signed: a relay's share would let it listen.
        callerShare = kind == VERIFIED ? callerShare(inv, callerKey) : null;
        if (!send(new Ringing(inv.callId))) {
            return;
        }
        boolean e2e = callerShare != null;
        log.event("incoming " + hex(callId) + " " + peer + " " + KIND_NAMES[kind] + " " + (e2e ? "e2e" : "clear"));
        if (settings.autoAnswer == Settings.ANSWER_ANSWER) {
            answer();
        } else if (settings.autoAnswer == Settings.ANSWER_REJECT) {
            reject();
        } else {
            ui.incoming(callId, peer, kind, e2e);
        }
    }

    private static final String[] KIND_NAMES = {"verified", "anonymous", "unverified"};

    /**
     * The owner key of {@code number} in {@code record} (a far end's registrar record, as its relay attached it), or
     * null when the record is missing, not signed by a trusted registrar key, not OWNED or about another number.
     */
    private byte[] ownerKey(byte[] record, String number, int id) {
        if (record.length == 0 || registrarKeys == null) {
            return null;
        }
        try {
            RegistrarRecord r = RegistrarRecord.decode(record, 0, record.length);
            if (r.state == RegistrarRecord.OWNED && r.number.equals(number) && isTrusted(r)) {
                return r.ownerKey();
            }
            log.info("call " + hex(id) + ": record not trusted for " + number + ": " + r);
        } catch (IdentityException e) {
            log.info("call " + hex(id) + ": bad registrar record: " + e.getMessage());
        }
        return null;
    }

    private boolean isTrusted(RegistrarRecord r) {
        for (int i = 0; i < registrarKeys.length; i++) {
            if (r.verify(registrarKeys[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The relay checked the caller ID record against the caller's key, its clock and earlier nonces; the phone checks
     * it again with the owner key from the caller's registrar record, so its relay cannot forge a caller either.
     */
    private int callerKind(Invite inv, byte[] callerKey) {
        byte[] p = inv.proof();
        if (p.length == 0) {
            return UNVERIFIED;
        }
        try {
            CallerIdProof proof = CallerIdProof.decode(p, 0, p.length);
            if (proof.isAnonymous()) {
                return ANONYMOUS;
            }
            if (callerKey != null && proof.caller.equals(inv.caller) && proof.callee.equals(inv.callee)
                    && numbers.contains(proof.callee) && proof.verify(callerKey)) {
                return VERIFIED;
            }
            log.info("call " + hex(inv.callId) + ": caller ID " + proof.caller + " -> " + proof.callee + " not verified");
        } catch (IdentityException e) {
            log.info("call " + hex(inv.callId) + ": bad caller ID: " + e.getMessage());
        }
        return UNVERIFIED;
    }

    /** The caller's key share when it is one for this call, signed by {@code callerKey}; null: unencrypted. */
    private KeyShare callerShare(Invite inv, byte[] callerKey) {
        byte[] b = inv.keyShare();
        if (b.length == 0) {
            return null;
        }
        try {
            KeyShare share = KeyShare.decode(b, 0, b.length);
            byte[] p = inv.proof();
            byte[] nonce = CallerIdProof.decode(p, 0, p.length).nonce();
            if (share.role == KeyShare.CALLER && share.caller.equals(inv.caller) && share.callee.equals(inv.callee)
                    && same(nonce, share.callNonce()) && share.verify(callerKey)) {
                return share;
            }
            log.info("call " + hex(inv.callId) + ": key share is for " + share.caller + " -> " + share.callee);
        } catch (IdentityException e) {
            log.info("call " + hex(inv.callId) + ": bad key share: " + e.getMessage());
        }
        return null;
    }

    /**
     * The callee answered: with its key share, voice is sealed from here on (the relay expects the tags too). The
     * share must be signed by the key the callee's registrar record names for the number dialled; a share that is
     * not could be a relay's in the middle, which must not get the voice: the call ends before any is sent.
     */
    /**
     * The relay is full and names one with room: the phone logs in there (as in a failover: the relay it leaves stays
     * its fallback) and places the call again once logged in. One hop per call: a call placed again and redirected
     * again, or sent to the relay in use, ends as "relay full".
     */
    private void onRedirect(Redirect r) {
        if (r.callId != callId || (call != OUTGOING && call != ALERTING)) {
            return;
        }
        String callee = peer;
        String from = relay;
        if (redialled || r.relay.equals(from)) {
            finish("rejected " + hex(callId) + " " + Wire.rejectName(r.reason) + " redirect-refused " + r.relay,
                    rejectText(Wire.REJECT_RELAY_FULL));
            return;
        }
        finish("redirected " + hex(callId) + " " + Wire.rejectName(r.reason) + " " + r.relay,
                "Relay full: moving to " + r.relay + " to call " + callee + " again");
        redialCallee = callee;
        redialAnonymous = dialAnonymous;
        if (book.put(r.relay, RelayBook.UNKNOWN)) {
            ui.relaysLearnt(book.encode());
        }
        endProbe();
        dropTransport("redirected to " + r.relay);
        fallback = from;
        relay = r.relay;
        state = REGISTERING;
        ui.status("Moving to relay " + r.relay + "...");
        connect(0, clock.nowMillis());
    }

    private void onAnswer(Answer a) {
        byte[] b = a.keyShare();
        if (b.length > 0 && ownShare != null) {
            String bad;
            try {
                KeyShare calleeShare = KeyShare.decode(b, 0, b.length);
                byte[] calleeKey = ownerKey(a.record(), peer, callId);
                if (calleeKey == null) {
                    bad = "no trusted record for " + peer;
                } else if (calleeShare.role != KeyShare.CALLEE || !calleeShare.sameCall(ownShare)
                        || !calleeShare.verify(calleeKey)) {
                    bad = "share not signed for this call by " + peer + "'s key";
                } else {
                    voiceKeys = VoiceKeys.derive(ephemeral, ownShare, calleeShare, KeyShare.CALLER);
                    bad = null;
                }
            } catch (IdentityException e) {
                bad = e.getMessage();
            }
            if (bad != null) {
                log.info("call " + hex(callId) + ": callee's key share refused: " + bad);
                send(new Bye(callId, Wire.BYE_NORMAL));
                finish("keys-refused " + hex(callId), "The callee's keys do not verify: call ended");
                return;
            }
        }
        startMedia(a.codec, a.ptimeMs);
    }

    private void onError(ErrorFrame e) {
        String name = Wire.errorName(e.code);
        if (state == REGISTERING && link != null) {
            log.event("register-failed " + name);
            ui.status(errorText(e.code));
            if (e.code == Wire.ERR_REGION_REFUSED) {
                // Retrying from the same network cannot succeed: tell the user, who may retry elsewhere.
                ui.refused(errorText(e.code));
                dropTransport("refused");
                state = IDLE;
            } else {
                retryLater(clock.nowMillis());
            }
            return;
        }
        if (loginPending != null && e.code != Wire.ERR_UNKNOWN_CALL && e.code != Wire.ERR_CALL_ID_IN_USE) {
            String number = loginPending;
            loginPending = null;
            log.event("login-failed " + number + " " + name + (e.detail.length() > 0 ? " " + e.detail : ""));
            if (e.code == Wire.ERR_UNAVAILABLE || e.code == Wire.ERR_LIMIT_REACHED
                    || e.code == Wire.ERR_RATE_LIMITED) {
                // The relay cannot take the login now, which says nothing of the number: the same again later.
                ui.status(errorText(e.code));
                dropTransport("login not possible now");
                retryLater(clock.nowMillis());
                return;
            }
            // Not this key's number any more (released, or quarantined): the others still log in.
            refusedLogins.addElement(number);
            ui.refused(number + ": " + errorText(e.code));
            next();
            return;
        }
        log.event("error relay says " + name + (e.detail.length() > 0 ? " " + e.detail : ""));
        if (e.code == Wire.ERR_NOT_REGISTERED && state == REGISTERED) {
            // The relay restarted or forgot us: calls through it are gone too.
            if (call != NO_CALL) {
                finishCall(Wire.BYE_PEER_LOST, "local", "Connection lost");
            }
            dropTransport("relay forgot the phone");
            state = REGISTERING;
            registerAt = clock.nowMillis();
        }
    }

    private int chooseCodec(int mask) {
        int ours = mask & Codecs.supportedMask();
        if ((ours & (1 << settings.codec)) != 0) {
            return settings.codec;
        }
        for (int id = 0; id < 8; id++) {
            if ((ours & (1 << id)) != 0) {
                return id;
            }
        }
        return -1;
    }

    private void startCall(int kind, int id, String who) {
        call = kind;
        callId = id;
        peer = who;
        mediaStarted = false;
        ephemeral = null;
        ownShare = null;
        callerShare = null;
        voiceKeys = null;
        forged = 0;
    }

    private void startMedia(int codec, int ptime) {
        long now = clock.nowMillis();
        call = ACTIVE;
        callPtime = ptime;
        callStart = now;
        progressAt = now + PROGRESS_MS;
        hangupAt = Long.MAX_VALUE;
        mediaStarted = true;
        log.event("answered " + hex(callId) + " " + Wire.codecName(codec) + " " + ptime + " "
                + (voiceKeys != null ? "e2e" : "clear"));
        if (settings.autoDtmf != null && !autoDtmfDone) {
            // Test mode: the keys go once, in the first answered call.
            autoDtmfDone = true;
            for (int i = 0; i < settings.autoDtmf.length(); i++) {
                sendDtmf(settings.autoDtmf.charAt(i));
            }
        }
        VoiceCodec encoder;
        VoiceCodec decoder;
        try {
            encoder = Codecs.create(codec);
            decoder = Codecs.create(codec);
        } catch (IllegalArgumentException e) {
            log.event("error call " + hex(callId) + " " + e.getMessage());
            endCall(Wire.BYE_NORMAL, true);
            return;
        }
        AudioSource source;
        try {
            source = audio.openSource();
        } catch (IOException e) {
            log.event("error call " + hex(callId) + " audio input: " + e.getMessage());
            source = new SilenceSource();
        }
        AudioSink sink;
        try {
            sink = audio.openSink();
        } catch (IOException e) {
            log.event("error call " + hex(callId) + " audio output: " + e.getMessage());
            sink = null;
        }
        sender = new VoiceSender(encoder, ptime, source, channel, random.nextInt());
        receiver = new VoiceReceiver(decoder, ptime, sink);
        pacer = new Pacer(now, ptime);
        ui.callStarted(callId, peer, codec, ptime, transport.kind(), voiceKeys != null);
    }

    private void sendVoice(long now) {
        while (call == ACTIVE && pacer.isDue(now)) {
            try {
                int len = sender.next();
                if (voiceKeys != null) {
                    len = voiceKeys.send.seal(sender.packet(), 0, len);
                }
                transport.send(sender.packet(), 0, len);
            } catch (IOException e) {
                audioFailed("sending voice", e);
                return;
            }
            pacer.advance(now);
            if (sender.sourceEnded() && settings.hangupAtEndOfAudio && hangupAt == Long.MAX_VALUE) {
                hangupAt = now + HANGUP_TAIL_MS;
            }
        }
    }

    private void audioFailed(String what, IOException e) {
        log.event("error call " + hex(callId) + " " + what + ": " + e.getMessage());
        endCall(Wire.BYE_NORMAL, true);
    }

    /** Ends the call with BYE (local) or because of a BYE (remote). */
    private void endCall(int reason, boolean local) {
        if (call == NO_CALL) {
            return;
        }
        int id = callId;
        if (local) {
            send(new Bye(id, reason));
        }
        if (callId == id && call != NO_CALL) {
            finishCall(reason, local ? "local" : "remote", local ? "Call ended" : "Call ended by " + peer);
        }
    }

    private void finishCall(int byeReason, String side, String why) {
        finish("ended " + hex(callId) + " " + Wire.byeName(byeReason) + " " + side, why);
    }

    /** Releases the call's audio, reports it, and returns to idle. {@code event} is the final event line. */
    private void finish(String event, String why) {
        int id = callId;
        if (mediaStarted) {
            closeAudio();
            log.event("audio-stats " + hex(id) + " sent=" + sender.sent() + " received="
                    + receiver.stats().received() + " lost=" + receiver.stats().lost() + " late="
                    + receiver.stats().late() + " forged=" + forged);
            if (receiver.malformed() > 0 || receiver.stats().duplicates() > 0) {
                log.info("call " + hex(id) + ": " + receiver.malformed() + " malformed and "
                        + receiver.stats().duplicates() + " duplicate voice packets dropped");
            }
        }
        log.event(event);
        call = NO_CALL;
        callId = 0;
        sender = null;
        receiver = null;
        pacer = null;
        mediaStarted = false;
        progressAt = Long.MAX_VALUE;
        hangupAt = Long.MAX_VALUE;
        ephemeral = null;
        ownShare = null;
        callerShare = null;
        voiceKeys = null;
        ui.callEnded(id, why);
    }

    private void closeAudio() {
        try {
            sender.close();
        } catch (IOException e) {
            log.info("call " + hex(callId) + ": closing audio input failed: " + e.getMessage());
        }
        try {
            receiver.close();
        } catch (IOException e) {
            log.event("error call " + hex(callId) + " audio output: " + e.getMessage());
        }
    }

    private static String rejectText(int reason) {
        switch (reason) {
            case Wire.REJECT_UNAVAILABLE:
                return "Not reachable now";
            case Wire.REJECT_BUSY:
                return "Busy";
            case Wire.REJECT_DECLINED:
                return "Call declined";
            case Wire.REJECT_NO_ANSWER:
                return "No answer";
            case Wire.REJECT_NOT_IN_SERVICE:
                return "Number not in service";
            case Wire.REJECT_INCOMPATIBLE:
                return "Phones have no common codec";
            case Wire.REJECT_RELAY_FULL:
                return "Relay is full, try later";
            case Wire.REJECT_NOT_ALLOWED:
                return "This number cannot be called: the network only calls numbers in its own country";
            case Wire.REJECT_RATE_LIMITED:
                return "Too many calls from here just now, try again in a minute";
            default:
                return "Call rejected (" + reason + ")";
        }
    }

    /** What a person reads when the relay refuses a registration. */
    static String errorText(int code) {
        switch (code) {
            case Wire.ERR_REGION_REFUSED:
                return "Refused: this relay only serves phones in its own country, and your connection comes from"
                        + " outside it";
            case Wire.ERR_AUTH_FAILED:
                return "Refused: this number is not owned by this phone's key";
            case Wire.ERR_NOT_IN_SERVICE:
                return "This number was given up and is in quarantine";
            case Wire.ERR_UNAVAILABLE:
                return "The network's registrar does not answer; retrying later";
            case Wire.ERR_BAD_NUMBER:
                return "Refused: not a valid phone number";
            case Wire.ERR_LIMIT_REACHED:
                return "Relay is full, retrying later";
            case Wire.ERR_RATE_LIMITED:
                return "Too many attempts from this connection, retrying later";
            default:
                return "Registration refused: " + Wire.errorName(code);
        }
    }

    /** What a person reads when a claim is refused. */
    static String claimText(int outcome) {
        switch (outcome) {
            case Wire.RESULT_TAKEN:
                return "That number belongs to someone else";
            case Wire.RESULT_QUARANTINED:
                return "That number was given up recently and cannot be taken yet";
            case Wire.RESULT_RESERVED:
                return "That number is reserved";
            case Wire.RESULT_NOT_IN_PLAN:
                return "Not a number of this network (wrong length or digits)";
            case Wire.RESULT_NO_FREE_NUMBER:
                return "No free number with that beginning";
            case Wire.RESULT_TOO_LITTLE_WORK:
                return "The network asks for more work now; try again";
            case Wire.RESULT_STALE:
                return "The phone's clock is wrong; set the date and time";
            default:
                return "Number not created: " + Wire.resultName(outcome);
        }
    }

    /** What a person reads for the RESULT of LINKS or LINK_CHECK; {@code why} is the relay's detail or name. */
    static String linkText(int outcome, String why) {
        switch (outcome) {
            case Wire.RESULT_OK:
            case Wire.RESULT_REPLAYED:
                return "Done";
            case Wire.RESULT_NOT_OWNER:
                return "This phone's key does not own the number";
            case Wire.RESULT_BAD_SIGNATURE:
                return "The network did not accept this phone's signature";
            case Wire.RESULT_STALE:
                return "The phone's clock is wrong; set the date and time";
            case Wire.RESULT_UNAVAILABLE:
                return "The network's registrar does not answer; try again later";
            case Wire.RESULT_LINK_CODE_WRONG:
                return "Wrong code; look at the call again and retry";
            case Wire.RESULT_LINK_NO_CODE:
                return "No code is waiting (expired or used up): ask for a new verification call";
            case Wire.RESULT_LINK_TOO_MANY:
                return "Too many tries for this number lately; try again tomorrow";
            case Wire.RESULT_LINK_NOT_ALLOWED:
                return "The network does not call that number (not in its dial plan)";
            case Wire.RESULT_LINK_NO_TRUNK:
                return "This relay cannot call outside numbers; try again from another relay";
            default:
                return "Not done: " + why;
        }
    }

    private static String requestEvent(int type) {
        switch (type) {
            case Wire.RELEASE:
                return "release-failed ";
            case Wire.BLOCKLIST:
                return "blocklist ";
            case Wire.LINKS:
                return "links ";
            case Wire.SIP_PASSWORD:
                return "sip-password ";
            default:
                return "link-check ";
        }
    }

    static String hex(int callId) {
        return Wire.callIdHex(callId);
    }

    // ---- for tests ----

    synchronized int state() {
        return state;
    }

    synchronized int callState() {
        return call;
    }

}
