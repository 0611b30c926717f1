package org.pippin.midlet;

import java.io.IOException;
import java.util.Random;

import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Clock;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.ReliableLink;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * The phone's signalling and media engine: registration with one relay, one call at a time, voice in and out.
 *
 * <p>It starts no thread. Its owner feeds it received frames ({@link #onReceive}) and calls {@link #tick} when the
 * time it returned has passed; every timer (retransmission, transport fallback, keepalive, relay loss, voice pacing)
 * runs on the injected {@link Clock}, so tests drive it without sleeping. All entry points are synchronized: UI
 * commands, the receive thread and the timer thread take turns.
 *
 * <p>Transport "auto" walks a ladder for carriers that block things: REGISTER goes over UDP; when three sends (0, 1
 * and 3 s) bring no answer by the time the fourth would be due (7 s), the phone assumes UDP is blocked and registers
 * over TCP on the relay's port; when that brings no REGISTERED within 15 s (a port that drops the connection attempt
 * included), over TCP on each port of Pippin-Fallback-Ports in turn (443 passes where only web traffic does). A
 * step that fails outright (ICMP unreachable, connection refused) moves on at once. Voice uses the transport that
 * registered. "tcp" starts the ladder at TCP; "udp" has UDP only. After the last step, the whole ladder is tried
 * again after {@link #RETRY_MS}.
 */
public final class Engine implements ReliableLink.Listener, ReliableLink.Output {

    /** What the user interface hears about. Called with the engine's lock held: do not block. */
    public interface Listener {
        /** A line for the status display. */
        void status(String text);

        void incoming(int callId, String caller);

        void callStarted(int callId, String peer, int codec, int ptime, int transport);

        /** About once a second during a call. */
        void callProgress(int callId, int seconds);

        /** A call attempt or call is over (rejected, ended, failed); {@code why} is for people. */
        void callEnded(int callId, String why);

        /** The relay refused the registration; {@code why} is for people (shown as an alert). */
        void refused(String why);

        /** The engine stopped after {@link Engine#stopWhenFlushed}. */
        void stopped();
    }

    /** Registration state. */
    static final int IDLE = 0;
    static final int REGISTERING = 1;
    static final int REGISTERED = 2;

    /** Call state. */
    static final int NO_CALL = 0;
    static final int OUTGOING = 1;
    static final int ALERTING = 2;
    static final int INCOMING = 3;
    static final int ACTIVE = 4;

    /** After three unanswered REGISTER sends over UDP (0, 1, 3 s) the fourth would be due at 7 s: try TCP. */
    static final int UDP_REGISTER_WAIT_MS = 7000;
    /** Over TCP nothing is retransmitted: without REGISTERED by then, the relay is taken as unreachable. */
    static final int TCP_REGISTER_WAIT_MS = 15000;
    /** Wait before registering again after a failure or a lost relay. */
    static final int RETRY_MS = 10000;
    /** Relay considered gone after this many keepalive intervals without hearing anything. */
    static final int SILENT_INTERVALS = 3;
    /** The caller hangs up this long after its audio source ended (Pippin-Auto-Hangup: end-of-audio). */
    static final int HANGUP_TAIL_MS = 1000;
    private static final int PROGRESS_MS = 1000;

    private final Settings settings;
    private final Transport.Factory transports;
    private final AudioDevice audio;
    private final Clock clock;
    private final Log log;
    private final Listener ui;
    private final Random random;

    private int state = IDLE;
    private String number;
    private byte[] secret;
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
    private boolean autoDialDone;
    private boolean stopped;

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

    public Engine(Settings settings, Transport.Factory transports, AudioDevice audio, Clock clock, Log log,
            Listener ui, long seed) {
        this.settings = settings;
        this.transports = transports;
        this.audio = audio;
        this.clock = clock;
        this.log = log;
        this.ui = ui;
        this.random = new Random(seed);
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

    /** Registers {@code number} with the configured relay (again, if already registered). */
    public synchronized void register(String number, byte[] secret) {
        if (settings.relayHost == null) {
            log.event("error no relay configured (Pippin-Relay)");
            ui.status("No relay configured");
            return;
        }
        if (call != NO_CALL) {
            ui.status("Hang up first");
            return;
        }
        this.number = number;
        this.secret = secret;
        dropTransport("registering " + number);
        state = REGISTERING;
        registerAt = clock.nowMillis();
        ui.status("Registering " + number + "...");
        notifyAll();
    }

    /** Calls {@code callee}; ignored unless registered and idle. */
    public synchronized void dial(String callee) {
        if (state != REGISTERED || call != NO_CALL) {
            ui.status(state != REGISTERED ? "Not registered" : "Already in a call");
            return;
        }
        int id = random.nextInt();
        while (id == 0) {
            id = random.nextInt();
        }
        startCall(OUTGOING, id, callee);
        offeredCodecs = 1 << settings.codec;
        callPtime = settings.ptime;
        log.event("dialing " + hex(id) + " " + callee);
        if (send(new Invite(id, "", callee, offeredCodecs, settings.ptime, 0))) {
            ui.status("Calling " + callee + "...");
        }
    }

    /** Answers the ringing incoming call. */
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
        if (send(new Answer(callId, codec, ptime, 0))) {
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
        dropTransport("stopped");
        state = IDLE;
        notifyAll();
    }

    /**
     * Stops once every reliable frame sent so far (a final BYE) is acknowledged, or after {@code maxWaitMs}, then
     * tells the listener: so a phone told to exit after a call does not vanish before its BYE got through.
     */
    public synchronized void stopWhenFlushed(long maxWaitMs) {
        stopAt = clock.nowMillis() + maxWaitMs;
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
                connect(0, now);
            } else if (now >= fallbackAt) {
                fallbackAt = Long.MAX_VALUE;
                String why = "no answer to REGISTER over " + stepName(step).toUpperCase() + " for "
                        + (stepKind(step) == Transport.TCP ? TCP_REGISTER_WAIT_MS : UDP_REGISTER_WAIT_MS) + " ms";
                if (step + 1 < stepCount()) {
                    log.info(why + "; trying " + stepName(step + 1));
                    connect(step + 1, now);
                } else {
                    relayLost(why);
                }
            }
        }
        pollLink();
        now = clock.nowMillis();
        if (state == REGISTERED) {
            if (now - lastHeard >= SILENT_INTERVALS * keepaliveMs) {
                relayLost("nothing heard for " + (now - lastHeard) + " ms");
            } else if (now >= keepaliveAt) {
                keepaliveAt = now + keepaliveMs;
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
        if (stopAt != Long.MAX_VALUE && !stopped && (now >= stopAt || link == null || link.pendingCount() == 0)) {
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
        next = Math.min(next, Math.min(linkDue, stopAt));
        if (state == REGISTERED) {
            next = Math.min(next, Math.min(keepaliveAt, lastHeard + SILENT_INTERVALS * keepaliveMs));
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
        if (f instanceof Registered) {
            onRegistered((Registered) f);
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
                startMedia(a.codec, a.ptimeMs);
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
        } else if (mailbox != null && mailbox.onFrame(f)) {
            return;
        } else if (f instanceof Reject) {
            Reject r = (Reject) f;
            if (r.callId == callId && (call == OUTGOING || call == ALERTING)) {
                finish("rejected " + hex(callId) + " " + Wire.rejectName(r.reason), rejectText(r.reason));
            }
        } else if (f instanceof Bye) {
            Bye b = (Bye) f;
            if (b.callId == callId && call != NO_CALL) {
                endCall(b.reason, false);
            }
        } else if (f instanceof ErrorFrame) {
            onError((ErrorFrame) f);
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
        int fallback = s - (settings.transport == Settings.TRANSPORT_AUTO ? 2 : 1);
        return fallback < 0 ? settings.relayPort : settings.fallbackPorts[fallback];
    }

    /** "udp", "tcp" (the relay's port) or "tcp:443" (a fallback port): the names used in events. */
    private String stepName(int s) {
        if (stepKind(s) == Transport.UDP) {
            return "udp";
        }
        return stepPort(s) == settings.relayPort ? "tcp" : "tcp:" + stepPort(s);
    }

    private void connect(int rung, long now) {
        dropTransport(null);
        step = rung;
        int kind = stepKind(rung);
        int port = stepPort(rung);
        String name = stepName(rung);
        try {
            transport = transports.open(kind, settings.relayHost, port);
        } catch (IOException e) {
            if (rung + 1 < stepCount()) {
                log.info("cannot open " + name + " to " + settings.relayHost + ": " + e.getMessage() + "; trying "
                        + stepName(rung + 1));
                connect(rung + 1, now);
                return;
            }
            log.event("error cannot open " + name + " to " + settings.relayHost + ":" + port + ": "
                    + e.getMessage());
            retryLater(now);
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
        log.info("registering " + number + " with " + settings.relayHost + ":" + port + " over " + name);
        notifyAll();
        send(new Register(number, secret, Codecs.supportedMask()));
    }

    private void retryLater(long now) {
        dropTransport(null);
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
        fallbackAt = Long.MAX_VALUE;
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
        log.event("error relay " + (state == REGISTERED ? "lost" : "unreachable") + ": " + why);
        if (call != NO_CALL) {
            // The relay is gone, so is the call: nobody to send BYE to.
            finishCall(Wire.BYE_PEER_LOST, "local", "Connection lost");
        }
        dropTransport(why);
        ui.status("Relay lost; retrying...");
        retryLater(clock.nowMillis());
    }

    private void onRegistered(Registered r) {
        if (state != REGISTERING) {
            return;
        }
        state = REGISTERED;
        fallbackAt = Long.MAX_VALUE;
        keepaliveMs = (r.keepaliveSeconds > 0 ? r.keepaliveSeconds : Wire.DEFAULT_KEEPALIVE_SECONDS) * 1000L;
        long now = clock.nowMillis();
        keepaliveAt = now + keepaliveMs;
        String kind = stepName(step);
        log.event("registered " + r.number + " " + kind);
        ui.status("Registered as " + r.number + " (" + kind + ")");
        if (settings.autoDial != null && !autoDialDone) {
            autoDialDone = true;
            dial(settings.autoDial);
        }
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
        if (!send(new Ringing(inv.callId))) {
            return;
        }
        log.event("incoming " + hex(callId) + " " + peer);
        if (settings.autoAnswer == Settings.ANSWER_ANSWER) {
            answer();
        } else if (settings.autoAnswer == Settings.ANSWER_REJECT) {
            reject();
        } else {
            ui.incoming(callId, peer);
        }
    }

    private void onError(ErrorFrame e) {
        String name = Wire.errorName(e.code);
        if (state == REGISTERING && link != null) {
            log.event("register-failed " + name);
            ui.status(errorText(e.code));
            if (e.code == Wire.ERR_AUTH_FAILED || e.code == Wire.ERR_BAD_NUMBER || e.code == Wire.ERR_REGION_REFUSED) {
                // Retrying with the same number, secret or network cannot succeed: tell the user, who may retry.
                ui.refused(errorText(e.code));
                dropTransport("registration refused");
                state = IDLE;
            } else {
                retryLater(clock.nowMillis());
            }
            return;
        }
        log.event("error relay says " + name + (e.detail.length() > 0 ? " " + e.detail : ""));
        if (e.code == Wire.ERR_NOT_REGISTERED && state == REGISTERED) {
            // The relay restarted or forgot us: calls through it are gone too.
            if (call != NO_CALL) {
                finishCall(Wire.BYE_PEER_LOST, "local", "Connection lost");
            }
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
    }

    private void startMedia(int codec, int ptime) {
        long now = clock.nowMillis();
        call = ACTIVE;
        callPtime = ptime;
        callStart = now;
        progressAt = now + PROGRESS_MS;
        hangupAt = Long.MAX_VALUE;
        mediaStarted = true;
        log.event("answered " + hex(callId) + " " + Wire.codecName(codec) + " " + ptime);
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
        ui.callStarted(callId, peer, codec, ptime, transport.kind());
    }

    private void sendVoice(long now) {
        while (call == ACTIVE && pacer.isDue(now)) {
            try {
                int len = sender.next();
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
                    + receiver.stats().late());
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
                return "Refused: this number is registered with another phone's secret";
            case Wire.ERR_BAD_NUMBER:
                return "Refused: not a valid phone number";
            case Wire.ERR_LIMIT_REACHED:
                return "Relay is full, retrying later";
            default:
                return "Registration refused: " + Wire.errorName(code);
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
