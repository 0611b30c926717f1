package org.pippin.sip;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sdp.SdpException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Clock;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's SIP side: a SIP registrar and user agent on JAIN-SIP, where each registered number is one more phone of
 * the relay ({@link PippinSide.Line}). SIP phones register with digest authentication against the passwords in
 * {@link SipPasswords}; their INVITEs become Pippin INVITEs from their number, and Pippin INVITEs to their number
 * become SIP INVITEs to their registered contact, with the caller's verified Pippin number as From. Voice is bridged
 * between the call's Pippin codec and G.711 µ-law RTP ({@link MediaBridge}), one RTP port per call.
 *
 * <p>JAIN-SIP delivers events on its own threads; each is handed to the relay's event loop, which owns all of this
 * class's state (as it owns the relay's), so nothing here takes a lock. RTP channels run on that loop too.
 *
 * <p>Towards clients that have not authenticated, every refusal looks alike: any REGISTER or INVITE without valid
 * credentials gets the same challenge, and wrong credentials get 403 whether or not the number exists.
 */
public final class SipGateway implements SipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipGateway.class);
    /** The logger names JAIN-SIP logs under. */
    public static final String STACK_LOGGER_PREFIX = "org.pippin.sip.stack";
    private static final java.util.concurrent.atomic.AtomicInteger STACKS = new java.util.concurrent.atomic.AtomicInteger();
    private static final String SDP_TYPE = "application";
    private static final String SDP_SUBTYPE = "sdp";
    /** What a SIP line can take on the Pippin side: it transcodes each to µ-law RTP. */
    private static final int CODECS = (1 << Wire.CODEC_GSM) | (1 << Wire.CODEC_PCMU) | (1 << Wire.CODEC_SPEEX);

    private final SipConfig config;
    private final EventLoop loop;
    private final Class<? extends DatagramChannel> datagramClass;
    private final Clock clock;
    private final PippinSide relay;
    private final SipPasswords passwords;
    private final DigestAuth digest;
    private final SecureRandom random = new SecureRandom();

    private final SipStack stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;

    /** Registered numbers. */
    private final Map<String, Registration> registrations = new HashMap<>();
    /** Lines of external numbers while they have a trunk call (callers from the trunk, callees through it). */
    private final Map<String, Registration> trunkLines = new HashMap<>();
    /** Calls by SIP Call-ID. */
    private final Map<String, SipCall> calls = new HashMap<>();
    /** Verification calls through the trunk by SIP Call-ID: no Pippin side, only a code to show. */
    private final Map<String, CodeCall> codeCalls = new HashMap<>();
    private int nextRtpPort;
    private boolean closed;

    private SipGateway(SipConfig config, EventLoop loop, Class<? extends DatagramChannel> datagramClass, Clock clock,
            PippinSide relay, SipPasswords passwords) throws IOException {
        this.config = config;
        this.loop = loop;
        this.datagramClass = datagramClass;
        this.clock = clock;
        this.relay = relay;
        this.passwords = passwords;
        this.digest = new DigestAuth(clock, config.nonceSeconds);
        this.nextRtpPort = config.rtpPortMin;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        // Also JAIN-SIP's logger name (under STACK_LOGGER_PREFIX, so the relay can set its level); one per gateway.
        p.setProperty("javax.sip.STACK_NAME", STACK_LOGGER_PREFIX + "." + STACKS.incrementAndGet());
        // Every event is handed to the relay's loop at once, so the listener may be entered by several threads.
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        try {
            stack = factory.createSipStack(p);
            addresses = factory.createAddressFactory();
            headers = factory.createHeaderFactory();
            messages = factory.createMessageFactory();
            int port = config.port == 0 ? freeUdpPort(config.listenAddress) : config.port;
            listeningPoint = stack.createListeningPoint(config.listenAddress, port, ListeningPoint.UDP);
            provider = stack.createSipProvider(listeningPoint);
            provider.addSipListener(this);
            stack.start();
        } catch (InvalidArgumentException | SipException
                | java.util.TooManyListenersException e) {
            throw new IOException("cannot start SIP on " + config.listenAddress + ":" + config.port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Starts the SIP side on {@code config.listenAddress:config.port}.
     *
     * @param loop the relay's event loop: all state of this class lives on it
     * @param datagramClass the UDP channel class of that loop's transport, for RTP
     */
    public static SipGateway start(SipConfig config, EventLoop loop, Class<? extends DatagramChannel> datagramClass,
            Clock clock, PippinSide relay, SipPasswords passwords) throws IOException {
        SipGateway g = new SipGateway(config, loop, datagramClass, clock, relay, passwords);
        if (config.trunk != null) {
            loop.submit(() -> {
                relay.onExternalCalls(g::openTrunkLine);
                relay.onCodeCalls(g::callWithCode);
            }).syncUninterruptibly();
        }
        LOG.info("SIP side up on udp {}:{}, realm {}, passwords in {}", config.listenAddress, g.port(), config.realm,
                passwords);
        return g;
    }

    /** JAIN-SIP cannot bind port 0 and tell which port it got, so a free one is found first. */
    private static int freeUdpPort(String address) throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(address, 0))) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return listeningPoint.getPort();
    }

    // ---- JAIN-SIP events: each goes to the loop -------------------------------------------------------------------

    @Override
    public void processRequest(RequestEvent e) {
        onLoop(() -> onRequest(e));
    }

    @Override
    public void processResponse(ResponseEvent e) {
        onLoop(() -> onResponse(e));
    }

    @Override
    public void processTimeout(TimeoutEvent e) {
        onLoop(() -> onTimeout(e));
    }

    @Override
    public void processIOException(IOExceptionEvent e) {
        LOG.warn("SIP: cannot reach {}:{} ({})", e.getHost(), e.getPort(), e.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent e) {
        // Transactions end on their own; calls are ended by BYE, CANCEL, final responses and timeouts.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent e) {
        // As above: a call's end is driven by its requests, not by the dialog's clean-up.
    }

    private void onLoop(Runnable task) {
        loop.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException ex) {
                LOG.error("SIP event failed", ex);
            }
        });
    }

    // ---- requests -------------------------------------------------------------------------------------------------

    private void onRequest(RequestEvent e) {
        if (closed) {
            return;
        }
        Request r = e.getRequest();
        switch (r.getMethod()) {
            case Request.REGISTER:
                onRegister(r);
                break;
            case Request.INVITE:
                onInvite(e);
                break;
            case Request.ACK:
                break; // Our 2xx needs no retransmission on UDP beyond the stack's; other ACKs end transactions.
            case Request.CANCEL:
                onCancel(e);
                break;
            case Request.BYE:
                onBye(e);
                break;
            case Request.OPTIONS:
                respond(r, Response.OK);
                break;
            default:
                respond(r, Response.METHOD_NOT_ALLOWED);
                break;
        }
    }

    /** The user part of a SIP URI, or "" for other URIs. */
    private static String user(URI uri) {
        return uri instanceof SipURI && ((SipURI) uri).getUser() != null ? ((SipURI) uri).getUser() : "";
    }

    /**
     * Checks the digest credentials of {@code r} for {@code header} (Authorization or Proxy-Authorization). Returns
     * the authenticated number, or null after answering the request: a challenge when there were no credentials (or
     * they were stale), 403 when they were wrong, whatever the number.
     */
    private String authenticate(Request r, String header, boolean proxy) {
        AuthorizationHeader a = (AuthorizationHeader) r.getHeader(header);
        if (a == null || !config.realm.equals(a.getRealm())) {
            challenge(r, proxy, false);
            return null;
        }
        String number = a.getUsername() == null ? "" : a.getUsername();
        byte[] ha1;
        try {
            ha1 = passwords.lookup(number);
        } catch (IOException ex) {
            LOG.error("SIP: cannot read the passwords {}: {}", passwords, ex.getMessage());
            respond(r, Response.SERVER_INTERNAL_ERROR);
            return null;
        }
        String qop = a.getQop();
        DigestAuth.Verdict v = digest.check(ha1, r.getMethod(), a.getURI() == null ? null : a.getURI().toString(),
                a.getNonce(), a.getParameter("nc"), a.getCNonce(), qop, a.getResponse());
        if (v == DigestAuth.Verdict.STALE) {
            challenge(r, proxy, true);
            return null;
        }
        if (v != DigestAuth.Verdict.OK) {
            LOG.info("SIP: {} for '{}' refused: wrong credentials or no SIP password", r.getMethod(), number);
            respond(r, Response.FORBIDDEN);
            return null;
        }
        return number;
    }

    private void challenge(Request r, boolean proxy, boolean stale) {
        try {
            Response resp = messages.createResponse(proxy ? Response.PROXY_AUTHENTICATION_REQUIRED
                    : Response.UNAUTHORIZED, r);
            WWWAuthenticateHeader h = proxy ? headers.createProxyAuthenticateHeader("Digest")
                    : headers.createWWWAuthenticateHeader("Digest");
            h.setRealm(config.realm);
            h.setNonce(digest.nonce());
            h.setAlgorithm("MD5");
            h.setQop("auth");
            if (stale) {
                h.setStale(true);
            }
            resp.addHeader(h);
            sendStateless(resp);
        } catch (ParseException ex) {
            LOG.error("SIP: cannot build a challenge: {}", ex.getMessage());
        }
    }

    private void onRegister(Request r) {
        String number = authenticate(r, AuthorizationHeader.NAME, false);
        if (number == null) {
            return;
        }
        String to = user(((ToHeader) r.getHeader(ToHeader.NAME)).getAddress().getURI());
        if (!number.equals(to) || number.isEmpty() || !Numbers.isValid(number)) {
            LOG.info("SIP: {} may not register '{}'", number, to);
            respond(r, Response.FORBIDDEN);
            return;
        }
        ContactHeader contact = (ContactHeader) r.getHeader(ContactHeader.NAME);
        ExpiresHeader expiresHeader = r.getExpires();
        int expires = contact != null && contact.getExpires() >= 0 ? contact.getExpires()
                : expiresHeader != null ? expiresHeader.getExpires() : config.registerMaxSeconds;
        Registration reg = registrations.get(number);
        if (contact == null) {
            // A query: answer with the current binding.
            respondRegistered(r, reg);
            return;
        }
        if (expires == 0 || contact.isWildCard()) {
            if (reg != null) {
                LOG.info("SIP: {} unregistered", number);
                reg.line.detach();
            }
            respondRegistered(r, null);
            return;
        }
        if (expires < config.registerMinSeconds) {
            try {
                Response resp = messages.createResponse(Response.INTERVAL_TOO_BRIEF, r);
                resp.addHeader(headers.createMinExpiresHeader(config.registerMinSeconds));
                sendStateless(resp);
            } catch (ParseException | InvalidArgumentException ex) {
                LOG.error("SIP: cannot build 423: {}", ex.getMessage());
            }
            return;
        }
        expires = Math.min(expires, config.registerMaxSeconds);
        if (reg == null) {
            reg = new Registration(number);
            reg.line = relay.attach(number, CODECS, reg);
            if (reg.line == null) {
                respond(r, Response.SERVICE_UNAVAILABLE);
                return;
            }
            registrations.put(number, reg);
            LOG.info("SIP: {} registered at {} for {} s", number, contact.getAddress().getURI(), expires);
        }
        reg.contact = (URI) contact.getAddress().getURI().clone();
        reg.expiresAtMillis = clock.nowMillis() + expires * 1000L;
        reg.expires = expires;
        respondRegistered(r, reg);
    }

    private void respondRegistered(Request r, Registration reg) {
        try {
            Response resp = messages.createResponse(Response.OK, r);
            if (reg != null) {
                ContactHeader c = headers.createContactHeader(addresses.createAddress(reg.contact));
                c.setExpires(reg.expires);
                resp.addHeader(c);
            }
            sendStateless(resp);
        } catch (ParseException | InvalidArgumentException ex) {
            LOG.error("SIP: cannot build 200 for REGISTER: {}", ex.getMessage());
        }
    }

    /** A SIP phone calls: authenticate, then an INVITE from its number into the relay. */
    private void onInvite(RequestEvent e) {
        Request r = e.getRequest();
        CallIdHeader cid = (CallIdHeader) r.getHeader(CallIdHeader.NAME);
        SipCall existing = calls.get(cid.getCallId());
        if (existing != null) {
            // A re-INVITE (session refresh, hold): answered with the same media. (Retransmissions of the first
            // INVITE never get here: its transaction absorbs them.)
            ServerTransaction st = existing.answered ? serverTransaction(e) : null;
            if (st != null) {
                respondIn(st, Response.OK, existing, true);
            }
            return;
        }
        if (fromTrunk(e)) {
            onTrunkInvite(e, cid);
            return;
        }
        String number = authenticate(r, ProxyAuthorizationHeader.NAME, true);
        if (number == null) {
            return;
        }
        ServerTransaction st = serverTransaction(e);
        if (st == null) {
            return;
        }
        Registration reg = registrations.get(number);
        if (reg == null) {
            LOG.info("SIP: INVITE from {} refused: register first", number);
            respond(st, Response.FORBIDDEN);
            return;
        }
        startIncoming(st, reg, user(r.getRequestURI()));
    }

    private ServerTransaction serverTransaction(RequestEvent e) {
        try {
            return e.getServerTransaction() != null ? e.getServerTransaction()
                    : provider.getNewServerTransaction(e.getRequest());
        } catch (SipException ex) {
            // A retransmission that raced its transaction's creation: the transaction answers it.
            LOG.debug("SIP: {}: {}", e.getRequest().getMethod(), ex.getMessage());
            return null;
        }
    }

    /** Whether the request came from the configured trunk's address (trunks are trusted by address, not digest). */
    private boolean fromTrunk(RequestEvent e) {
        if (config.trunk == null || !(e instanceof gov.nist.javax.sip.RequestEventExt)) {
            return false;
        }
        gov.nist.javax.sip.RequestEventExt x = (gov.nist.javax.sip.RequestEventExt) e;
        return config.trunk.getPort() == x.getRemotePort()
                && config.trunk.getAddress().getHostAddress().equals(x.getRemoteIpAddress());
    }

    /** A call from the trunk to one of its DIDs: it rings the Pippin number the DID maps to, from the caller's number. */
    private void onTrunkInvite(RequestEvent e, CallIdHeader cid) {
        Request r = e.getRequest();
        ServerTransaction st = serverTransaction(e);
        if (st == null) {
            return;
        }
        String did = user(r.getRequestURI());
        String callee = config.dids.get(did);
        String caller = user(((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI());
        if (callee == null) {
            LOG.info("SIP: trunk call {} to {}: no such DID", cid.getCallId(), did);
            respond(st, Response.NOT_FOUND);
            return;
        }
        if (caller.isEmpty() || !Numbers.isValid(caller) || registrations.containsKey(caller)) {
            // The trunk's caller ID becomes the Pippin caller number: it must be one, and no SIP phone's.
            LOG.info("SIP: trunk call {} to {}: caller '{}' refused", cid.getCallId(), did, caller);
            respond(st, Response.FORBIDDEN);
            return;
        }
        if (trunkLines.containsKey(caller)) {
            respond(st, Response.BUSY_HERE);
            return;
        }
        Registration reg = new Registration(caller);
        reg.trunk = true;
        reg.line = relay.attach(caller, CODECS, reg);
        if (reg.line == null) {
            respond(st, Response.SERVICE_UNAVAILABLE);
            return;
        }
        trunkLines.put(caller, reg);
        LOG.info("SIP: trunk call {} from {} to DID {} -> {}", cid.getCallId(), caller, did, callee);
        startIncoming(st, reg, callee);
    }

    /**
     * The relay asks for a line to an external number the dial plan allows: one is attached for the call, with the
     * trunk as its contact. False when there is no trunk or that number already has a trunk call.
     */
    private boolean openTrunkLine(String number) {
        if (closed || config.trunk == null || trunkLines.containsKey(number) || registrations.containsKey(number)) {
            return false;
        }
        Registration reg = new Registration(number);
        reg.trunk = true;
        try {
            SipURI uri = addresses.createSipURI(number, config.trunk.getAddress().getHostAddress());
            uri.setPort(config.trunk.getPort());
            reg.contact = uri;
        } catch (ParseException ex) {
            LOG.warn("SIP: cannot address {} at the trunk: {}", number, ex.getMessage());
            return false;
        }
        reg.line = relay.attach(number, CODECS, reg);
        if (reg.line == null) {
            return false;
        }
        trunkLines.put(number, reg);
        return true;
    }

    /** A SIP INVITE that passed its checks becomes a Pippin INVITE from {@code reg}'s number to {@code callee}. */
    private void startIncoming(ServerTransaction st, Registration reg, String callee) {
        Request r = st.getRequest();
        String number = reg.number;
        CallIdHeader cid = (CallIdHeader) r.getHeader(CallIdHeader.NAME);
        if (reg.call != null) {
            respond(st, Response.BUSY_HERE);
            return;
        }
        Sdp.Audio offer;
        try {
            offer = Sdp.read(r.getRawContent());
        } catch (SdpException ex) {
            LOG.info("SIP: INVITE from {}: {}", number, ex.getMessage());
            respond(st, Response.NOT_ACCEPTABLE_HERE);
            releaseTrunkLine(reg);
            return;
        }
        if (!offer.pcmu) {
            respond(st, Response.NOT_ACCEPTABLE_HERE);
            releaseTrunkLine(reg);
            return;
        }
        SipCall call = new SipCall(reg, newCallId(), false, cid.getCallId());
        call.st = st;
        call.remoteRtp = offer.rtp;
        call.eventType = offer.eventType;
        call.localTag = Long.toHexString(random.nextLong());
        reg.call = call;
        calls.put(call.sipCallId, call);
        respondIn(st, Response.TRYING, call, false);
        openRtp(call, ok -> {
            if (!ok) {
                respond(st, Response.SERVICE_UNAVAILABLE);
                forget(call);
                return;
            }
            LOG.info("{}: SIP INVITE from {} to {}", call, number, callee);
            reg.line.send(new Invite(call.callId, "", callee, CODECS, Wire.DEFAULT_PTIME, 0));
        });
    }

    private void onCancel(RequestEvent e) {
        Request r = e.getRequest();
        SipCall call = calls.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
        ServerTransaction st = e.getServerTransaction();
        try {
            if (st == null) {
                st = provider.getNewServerTransaction(r);
            }
            st.sendResponse(messages.createResponse(call == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST
                    : Response.OK, r));
        } catch (SipException | ParseException | InvalidArgumentException ex) {
            LOG.warn("SIP: cannot answer CANCEL: {}", ex.getMessage());
        }
        if (call != null && !call.outgoing && !call.answered) {
            LOG.info("{}: cancelled by the SIP phone", call);
            respondIn(call.st, Response.REQUEST_TERMINATED, call, false);
            call.reg.line.send(new Bye(call.callId, Wire.BYE_CANCELLED));
            forget(call);
        }
    }

    private void onBye(RequestEvent e) {
        Request r = e.getRequest();
        String sipCallId = ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
        SipCall call = calls.get(sipCallId);
        CodeCall codeCall = codeCalls.remove(sipCallId);
        ServerTransaction st = e.getServerTransaction();
        try {
            if (st == null) {
                st = provider.getNewServerTransaction(r);
            }
            st.sendResponse(messages.createResponse(call == null && codeCall == null
                    ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, r));
        } catch (SipException | ParseException | InvalidArgumentException ex) {
            LOG.warn("SIP: cannot answer BYE: {}", ex.getMessage());
        }
        if (call != null) {
            LOG.info("{}: BYE from the SIP phone", call);
            call.reg.line.send(new Bye(call.callId, Wire.BYE_NORMAL));
            forget(call);
        }
        if (codeCall != null) {
            LOG.info("{}: hung up by the far end", codeCall);
            closeCodeCall(codeCall);
        }
    }

    // ---- responses to our INVITEs ---------------------------------------------------------------------------------

    private void onResponse(ResponseEvent e) {
        Response resp = e.getResponse();
        CSeqHeader cseq = (CSeqHeader) resp.getHeader(CSeqHeader.NAME);
        String sipCallId = ((CallIdHeader) resp.getHeader(CallIdHeader.NAME)).getCallId();
        CodeCall codeCall = codeCalls.get(sipCallId);
        if (codeCall != null && Request.INVITE.equals(cseq.getMethod())) {
            onCodeCallResponse(codeCall, e);
            return;
        }
        SipCall call = calls.get(sipCallId);
        if (call == null || !call.outgoing || !Request.INVITE.equals(cseq.getMethod())) {
            return;
        }
        int code = resp.getStatusCode();
        if (code < 200) {
            if (code >= 180 && !call.ringing) {
                call.ringing = true;
                call.reg.line.send(new Ringing(call.callId));
            }
            return;
        }
        Dialog dialog = e.getDialog() != null ? e.getDialog() : call.dialog;
        if (code < 300) {
            ack(call, dialog, cseq.getSeqNumber());
            if (call.answered || call.cancelled) {
                if (call.cancelled && !call.answered) {
                    // Answered while our CANCEL crossed it: the call is over, so end the dialog it made.
                    sendBye(call, dialog);
                }
                return;
            }
            Sdp.Audio answer;
            try {
                answer = Sdp.read(resp.getRawContent());
            } catch (SdpException ex) {
                LOG.info("{}: SIP answer without usable SDP: {}", call, ex.getMessage());
                sendBye(call, dialog);
                call.reg.line.send(new Reject(call.callId, Wire.REJECT_INCOMPATIBLE));
                forget(call);
                return;
            }
            call.dialog = dialog;
            call.remoteRtp = answer.rtp;
            call.eventType = answer.eventType;
            call.answered = true;
            // The Pippin caller offered codecMask; GSM keeps its GPRS link small, so it is preferred, then Speex
            // (smaller still, offered alone by a phone set to the low-bandwidth codec).
            int codec = (call.pippinCodecs & (1 << Wire.CODEC_GSM)) != 0 ? Wire.CODEC_GSM
                    : (call.pippinCodecs & (1 << Wire.CODEC_SPEEX)) != 0 ? Wire.CODEC_SPEEX : Wire.CODEC_PCMU;
            startMedia(call, codec, call.pippinPtime, call.pippinChannel);
            LOG.info("{}: answered by the SIP phone ({} {} ms on the Pippin side)", call, Wire.codecName(codec),
                    call.pippinPtime);
            call.reg.line.send(new Answer(call.callId, codec, call.pippinPtime, 0));
            return;
        }
        if (call.cancelled) {
            forget(call);
            return;
        }
        int reason = rejectReason(code);
        LOG.info("{}: SIP phone answered {}: REJECT {}", call, code, Wire.rejectName(reason));
        call.reg.line.send(new Reject(call.callId, reason));
        forget(call);
    }

    private void onTimeout(TimeoutEvent e) {
        if (e.isServerTransaction()) {
            return;
        }
        Request r = e.getClientTransaction().getRequest();
        CodeCall codeCall = codeCalls.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
        if (codeCall != null && Request.INVITE.equals(r.getMethod())) {
            LOG.info("{}: the trunk did not answer the INVITE", codeCall);
            codeCalls.remove(codeCall.sipCallId);
            closeCodeCall(codeCall);
            return;
        }
        SipCall call = calls.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
        if (call == null || !Request.INVITE.equals(r.getMethod()) || call.answered) {
            return;
        }
        LOG.info("{}: SIP phone did not answer the INVITE: REJECT UNAVAILABLE", call);
        call.reg.line.send(new Reject(call.callId, Wire.REJECT_UNAVAILABLE));
        forget(call);
    }

    static int rejectReason(int sipCode) {
        switch (sipCode) {
            case Response.BUSY_HERE:
            case Response.BUSY_EVERYWHERE:
                return Wire.REJECT_BUSY;
            case Response.DECLINE:
            case Response.FORBIDDEN:
                return Wire.REJECT_DECLINED;
            case Response.REQUEST_TIMEOUT:
            case Response.TEMPORARILY_UNAVAILABLE:
            case Response.REQUEST_TERMINATED:
                return Wire.REJECT_NO_ANSWER;
            case Response.NOT_ACCEPTABLE_HERE:
            case Response.NOT_ACCEPTABLE:
            case Response.UNSUPPORTED_MEDIA_TYPE:
                return Wire.REJECT_INCOMPATIBLE;
            default:
                return Wire.REJECT_UNAVAILABLE;
        }
    }

    static int sipCode(int rejectReason) {
        switch (rejectReason) {
            case Wire.REJECT_BUSY:
                return Response.BUSY_HERE;
            case Wire.REJECT_DECLINED:
                return Response.DECLINE;
            case Wire.REJECT_NO_ANSWER:
            case Wire.REJECT_UNAVAILABLE:
                return Response.TEMPORARILY_UNAVAILABLE;
            case Wire.REJECT_NOT_IN_SERVICE:
                return Response.NOT_FOUND;
            case Wire.REJECT_INCOMPATIBLE:
                return Response.NOT_ACCEPTABLE_HERE;
            case Wire.REJECT_RELAY_FULL:
                return Response.SERVICE_UNAVAILABLE;
            case Wire.REJECT_NOT_ALLOWED:
                return Response.FORBIDDEN;
            default:
                return Response.SERVER_INTERNAL_ERROR;
        }
    }

    // ---- frames from the relay to a registered number ------------------------------------------------------------

    /** One SIP-registered number: its contact, its line into the relay and its call. */
    private final class Registration implements PippinSide.Line.Listener {
        final String number;
        PippinSide.Line line;
        URI contact;
        int expires;
        long expiresAtMillis;
        SipCall call;
        boolean detached;
        /** A line of an external number for one trunk call, detached when the call ends. */
        boolean trunk;

        Registration(String number) {
            this.number = number;
        }

        @Override
        public void onFrame(Frame f) {
            onRelayFrame(this, f);
        }

        @Override
        public void onVoice(byte[] packet, int off, int len) {
            SipCall c = call;
            if (c != null && c.bridge != null && c.rtp != null) {
                c.bridge.fromPippin(packet, off, len);
            }
        }

        @Override
        public void onDetached() {
            if (detached) {
                return;
            }
            detached = true;
            if (registrations.get(number) == this) {
                registrations.remove(number);
            }
            trunkLines.remove(number, this);
            if (call != null) {
                hangUpSip(call, "the number was detached");
            }
        }
    }

    private void onRelayFrame(Registration reg, Frame f) {
        SipCall call = reg.call;
        switch (f.type) {
            case Wire.INVITE:
                inviteSipPhone(reg, (Invite) f);
                return;
            case Wire.ERROR:
                LOG.info("SIP {}: relay says {}", reg.number, f);
                if (call != null && !call.answered && !call.outgoing) {
                    // Our INVITE was refused outright (e.g. a call id in use): do not leave the SIP phone waiting.
                    respondIn(call.st, Response.SERVER_INTERNAL_ERROR, call, false);
                    forget(call);
                }
                return;
            default:
                break;
        }
        if (call == null) {
            return;
        }
        if (f instanceof Ringing && ((Ringing) f).callId == call.callId && !call.outgoing) {
            respondIn(call.st, Response.RINGING, call, false);
        } else if (f instanceof Answer && ((Answer) f).callId == call.callId && !call.outgoing) {
            Answer a = (Answer) f;
            startMedia(call, a.codec, a.ptimeMs, a.channel);
            call.answered = true;
            LOG.info("{}: answered ({} {} ms on the Pippin side)", call, Wire.codecName(a.codec), a.ptimeMs);
            respondIn(call.st, Response.OK, call, true);
        } else if (f instanceof Reject && ((Reject) f).callId == call.callId) {
            int reason = ((Reject) f).reason;
            LOG.info("{}: REJECT {}", call, Wire.rejectName(reason));
            if (!call.outgoing && !call.answered) {
                respondIn(call.st, sipCode(reason), call, false);
                forget(call);
            } else {
                hangUpSip(call, "REJECT " + Wire.rejectName(reason));
            }
        } else if (f instanceof Bye && ((Bye) f).callId == call.callId) {
            hangUpSip(call, "BYE " + Wire.byeName(((Bye) f).reason));
        } else if (f instanceof org.pippin.protocol.Dtmf && ((org.pippin.protocol.Dtmf) f).callId == call.callId) {
            dtmfToSip(call, (org.pippin.protocol.Dtmf) f);
        }
    }

    /** A key pressed on the Pippin phone, as RFC 4733 events; a peer that negotiated no telephone-event hears none. */
    private static void dtmfToSip(SipCall call, org.pippin.protocol.Dtmf d) {
        if (!call.answered || call.bridge == null) {
            return;
        }
        if (call.eventType < 0) {
            LOG.info("{}: DTMF dropped: the SIP peer's SDP has no telephone-event", call);
            return;
        }
        call.bridge.dtmfFromPippin(d.event, d.duration, call.eventType);
    }

    /** A Pippin phone calls a SIP-registered number: INVITE to its contact. */
    private void inviteSipPhone(Registration reg, Invite inv) {
        if (reg.call != null) {
            reg.line.send(new Reject(inv.callId, Wire.REJECT_BUSY));
            return;
        }
        SipCall call = new SipCall(reg, inv.callId, true, provider.getNewCallId().getCallId());
        call.pippinCodecs = inv.codecMask;
        call.pippinPtime = Wire.isValidPtime(inv.ptimeMs) ? inv.ptimeMs : Wire.DEFAULT_PTIME;
        call.pippinChannel = inv.channel;
        call.caller = inv.caller;
        reg.call = call;
        calls.put(call.sipCallId, call);
        openRtp(call, ok -> {
            if (!ok) {
                reg.line.send(new Reject(inv.callId, Wire.REJECT_RELAY_FULL));
                forget(call);
                return;
            }
            try {
                String host = config.listenAddress;
                SipURI fromUri = addresses.createSipURI(inv.caller, host);
                Address from = addresses.createAddress(fromUri);
                // Caller ID: the number the relay verified for the calling phone, nothing the caller wrote.
                from.setDisplayName(inv.caller);
                Address to = addresses.createAddress(reg.trunk ? (URI) reg.contact.clone()
                        : addresses.createSipURI(reg.number, host));
                List<ViaHeader> via = new ArrayList<>();
                via.add(headers.createViaHeader(host, port(), ListeningPoint.UDP, null));
                ContentTypeHeader type = headers.createContentTypeHeader(SDP_TYPE, SDP_SUBTYPE);
                Request invite = messages.createRequest((URI) reg.contact.clone(), Request.INVITE,
                        headers.createCallIdHeader(call.sipCallId), headers.createCSeqHeader(1L, Request.INVITE),
                        headers.createFromHeader(from, Long.toHexString(random.nextLong())),
                        headers.createToHeader(to, null), via, headers.createMaxForwardsHeader(70), type,
                        Sdp.write(host, call.rtpPort, random.nextInt() & 0x7FFFFFFF));
                invite.addHeader(ourContact());
                invite.addHeader(headers.createHeader("P-Asserted-Identity", "<" + fromUri + ">"));
                ClientTransaction ct = provider.getNewClientTransaction(invite);
                call.ct = ct;
                call.dialog = ct.getDialog();
                ct.sendRequest();
                LOG.info("{}: INVITE to the SIP phone at {}", call, reg.contact);
            } catch (ParseException | InvalidArgumentException | SipException ex) {
                LOG.warn("{}: cannot INVITE the SIP phone: {}", call, ex.getMessage());
                reg.line.send(new Reject(inv.callId, Wire.REJECT_UNAVAILABLE));
                forget(call);
            }
        });
    }

    /** Ends the SIP side of {@code call}, whatever its state: BYE, CANCEL or a final response. */
    private void hangUpSip(SipCall call, String why) {
        if (call.cancelled || call.ended) {
            return; // already ending: its CANCEL is out, or it is gone
        }
        LOG.info("{}: ending the SIP side: {}", call, why);
        if (call.answered) {
            sendBye(call, call.dialog);
        } else if (call.outgoing) {
            call.cancelled = true;
            try {
                if (call.ct != null) {
                    provider.getNewClientTransaction(call.ct.createCancel()).sendRequest();
                }
            } catch (SipException ex) {
                LOG.info("{}: cannot CANCEL: {}", call, ex.getMessage());
            }
            // The 487 (or a crossing 200) still arrives: keep the call known until then, but free the number.
            call.reg.call = null;
            closeRtp(call);
            return;
        } else {
            respondIn(call.st, Response.TEMPORARILY_UNAVAILABLE, call, false);
        }
        forget(call);
    }

    // ---- media ---------------------------------------------------------------------------------------------------

    /** Binds the call's RTP port (the next free one of sip.rtp.ports), then runs {@code then} on the loop. */
    private void openRtp(SipCall call, Consumer<Boolean> then) {
        int span = config.rtpPortMax - config.rtpPortMin + 1;
        bindRtp(call, then, config.rtpPortMin == 0 ? 1 : Math.min(span / 2 + 1, 64));
    }

    /** The next RTP port of sip.rtp.ports to try, or 0 (any) when the range is 0-0. */
    private int nextRtpPort() {
        if (config.rtpPortMin == 0) {
            return 0;
        }
        // Even ports only: RTP's convention, leaving the odd one above for RTCP.
        if (nextRtpPort % 2 != 0) {
            nextRtpPort++;
        }
        if (nextRtpPort > config.rtpPortMax) {
            nextRtpPort = config.rtpPortMin + (config.rtpPortMin % 2);
        }
        int port = nextRtpPort;
        nextRtpPort += 2;
        return port;
    }

    private void bindRtp(SipCall call, Consumer<Boolean> then, int attemptsLeft) {
        int port = nextRtpPort();
        ChannelFuture f = new Bootstrap().group(loop).channel(datagramClass)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new RtpHandler(call));
                    }
                })
                .bind(config.listenAddress, port);
        f.addListener(done -> {
            if (done.isSuccess()) {
                call.rtp = f.channel();
                call.rtpPort = ((InetSocketAddress) f.channel().localAddress()).getPort();
                if (call.ended) {
                    closeRtp(call);
                    return;
                }
                then.accept(true);
            } else if (attemptsLeft > 1) {
                bindRtp(call, then, attemptsLeft - 1);
            } else {
                LOG.warn("{}: no free RTP port in sip.rtp.ports: {}", call, done.cause().getMessage());
                then.accept(false);
            }
        });
    }

    private void startMedia(SipCall call, int codec, int ptimeMs, int channel) {
        call.bridge = new MediaBridge(codec, ptimeMs, channel, random.nextLong(), new MediaBridge.Sink() {
            @Override
            public void rtp(byte[] packet, int len) {
                if (call.rtp != null && call.remoteRtp != null) {
                    ByteBuf out = call.rtp.alloc().buffer(len).writeBytes(packet, 0, len);
                    call.rtp.writeAndFlush(new DatagramPacket(out, call.remoteRtp), call.rtp.voidPromise());
                }
            }

            @Override
            public void voice(byte[] packet, int len) {
                call.reg.line.sendVoice(packet, 0, len);
            }
        });
    }

    /** RTP from the SIP phone of one call. */
    private final class RtpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final SipCall call;
        private byte[] buf = new byte[Rtp.HEADER + 2 * MediaBridge.SAMPLES_20MS];

        RtpHandler(SipCall call) {
            this.call = call;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ByteBuf b = p.content();
            int len = b.readableBytes();
            if (call.bridge == null || !call.answered || len > 1500) {
                return;
            }
            if (buf.length < len) {
                buf = new byte[len];
            }
            b.getBytes(b.readerIndex(), buf, 0, len);
            int at = Rtp.payloadOffset(buf, 0, len);
            if (at < 0) {
                call.rtpDropped++;
                return;
            }
            int end = Rtp.payloadEnd(buf, 0, len);
            int pt = Rtp.payloadType(buf, 0);
            if (pt == Rtp.PT_PCMU) {
                call.bridge.fromRtp(buf, at, end - at);
            } else if (pt == call.eventType && end - at >= 4) {
                onTelephoneEvent(call, buf, at, Rtp.timestamp(buf, 0));
            } else {
                call.rtpDropped++;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: RTP: {}", call, cause.getMessage());
        }
    }

    /**
     * RFC 4733 section 2.3: event, E|R|volume, duration. One DTMF frame per key press for the Pippin leg, on its end
     * packet; the end packet's retransmissions carry the same timestamp and are ignored. Events above D (flash and
     * the non-DTMF events) have no key.
     */
    private static void onTelephoneEvent(SipCall call, byte[] buf, int at, long timestamp) {
        int event = buf[at] & 0xFF;
        boolean end = (buf[at + 1] & 0x80) != 0;
        if (!end || timestamp == call.lastEventTimestamp || event > org.pippin.protocol.Dtmf.MAX_EVENT) {
            return;
        }
        call.lastEventTimestamp = timestamp;
        int durationMs = ((buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF) * Wire.CODEC_FRAME_MS
                / MediaBridge.SAMPLES_20MS;
        // The key is not logged: it may be part of a PIN.
        LOG.debug("{}: DTMF from the SIP peer", call);
        call.reg.line.send(new org.pippin.protocol.Dtmf(call.callId, event, durationMs));
    }

    private void closeRtp(SipCall call) {
        if (call.rtp != null) {
            call.rtp.close();
            call.rtp = null;
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private int newCallId() {
        int id;
        do {
            id = random.nextInt();
        } while (id == 0);
        return id;
    }

    private ContactHeader ourContact() throws ParseException {
        SipURI uri = addresses.createSipURI(null, config.listenAddress);
        uri.setPort(port());
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    private void forget(SipCall call) {
        call.ended = true;
        calls.remove(call.sipCallId, call);
        if (call.reg.call == call) {
            call.reg.call = null;
        }
        closeRtp(call);
        if (call.reg.trunk) {
            // Not now: forget() often runs inside the relay's delivery of the frame that ended the call (a phone's
            // BYE or REJECT), and a line detached there is, to the relay, a phone lost in a call it has not yet ended:
            // it would send the phone that hung up a BYE PEER_LOST. Once this runs the relay has ended its side; a
            // call the line took in between keeps it (releaseTrunkLine checks).
            onLoop(() -> releaseTrunkLine(call.reg));
        }
        if (call.bridge != null && call.bridge.dropped + call.rtpDropped > 0) {
            LOG.info("{}: dropped {} Pippin and {} RTP packets", call, call.bridge.dropped, call.rtpDropped);
        }
    }

    /** A trunk line whose call is over goes (the relay has ended its side by then, or ends it now). */
    private void releaseTrunkLine(Registration reg) {
        if (reg.trunk && reg.call == null && !reg.detached) {
            reg.line.detach();
        }
    }

    /** @param call what the logs name: a SipCall or a CodeCall */
    private void ack(Object call, Dialog dialog, long cseq) {
        if (dialog == null) {
            return;
        }
        try {
            dialog.sendAck(dialog.createAck(cseq));
        } catch (SipException | InvalidArgumentException ex) {
            LOG.warn("{}: cannot ACK: {}", call, ex.getMessage());
        }
    }

    private void sendBye(Object call, Dialog dialog) {
        if (dialog == null) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            dialog.sendRequest(provider.getNewClientTransaction(bye));
        } catch (SipException ex) {
            LOG.warn("{}: cannot send BYE: {}", call, ex.getMessage());
        }
    }

    /** A response to an INVITE we serve, with our To tag (and Contact and SDP on 2xx). */
    private void respondIn(ServerTransaction st, int code, SipCall call, boolean withSdp) {
        if (st == null) {
            return;
        }
        try {
            Response resp = messages.createResponse(code, st.getRequest());
            ToHeader to = (ToHeader) resp.getHeader(ToHeader.NAME);
            if (code > 100 && to.getTag() == null && call.localTag != null) {
                to.setTag(call.localTag);
            }
            if (code >= 180 && code < 300) {
                resp.addHeader(ourContact());
            }
            if (withSdp) {
                resp.setContent(Sdp.write(config.listenAddress, call.rtpPort, call.callId & 0x7FFFFFFFL,
                        call.eventType),
                        headers.createContentTypeHeader(SDP_TYPE, SDP_SUBTYPE));
            }
            st.sendResponse(resp);
            if (code >= 200 && code < 300) {
                call.dialog = st.getDialog();
            }
        } catch (ParseException | SipException | InvalidArgumentException ex) {
            LOG.warn("{}: cannot send {}: {}", call, code, ex.getMessage());
        }
    }

    private void respond(ServerTransaction st, int code) {
        try {
            Response resp = messages.createResponse(code, st.getRequest());
            ((ToHeader) resp.getHeader(ToHeader.NAME)).setTag(Long.toHexString(random.nextLong()));
            st.sendResponse(resp);
        } catch (ParseException | SipException | InvalidArgumentException ex) {
            LOG.warn("SIP: cannot send {}: {}", code, ex.getMessage());
        }
    }

    /** A response sent without a transaction: challenges and refusals keep no state for unauthenticated requests. */
    private void respond(Request r, int code) {
        try {
            sendStateless(messages.createResponse(code, r));
        } catch (ParseException ex) {
            LOG.warn("SIP: cannot build {}: {}", code, ex.getMessage());
        }
    }

    private void sendStateless(Response resp) {
        try {
            ToHeader to = (ToHeader) resp.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(Long.toHexString(random.nextLong()));
            }
            provider.sendResponse(resp);
        } catch (ParseException | SipException ex) {
            LOG.warn("SIP: cannot send {}: {}", resp.getStatusCode(), ex.getMessage());
        }
    }

    // ---- verification calls ---------------------------------------------------------------------------------

    /** How long a verification call stays up once answered: the DTMF, then a moment to read the caller id. */
    private static final long CODE_HOLD_MILLIS = 3000;

    /**
     * Calls the external {@code number} through the trunk to show {@code code}: as the caller's display name and user
     * part (what a GSM phone shows as the caller id) and, once answered, as RFC 4733 DTMF. Unanswered, the call is
     * cancelled after {@code ringSeconds}. False when there is no trunk; on the loop.
     */
    private boolean callWithCode(String number, String code, int ringSeconds) {
        if (closed || config.trunk == null) {
            return false;
        }
        CodeCall c = new CodeCall(number, code, provider.getNewCallId().getCallId(), clock.nowMillis(),
                ringSeconds * 1000L);
        codeCalls.put(c.sipCallId, c);
        ChannelFuture f = new Bootstrap().group(loop).channel(datagramClass)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        // The far end's audio: nothing listens on a verification call.
                    }
                })
                .bind(config.listenAddress, nextRtpPort());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.warn("{}: no free RTP port in sip.rtp.ports: {}", c, done.cause().getMessage());
                codeCalls.remove(c.sipCallId);
                return;
            }
            c.rtp = f.channel();
            if (c.ended) {
                closeCodeCall(c);
                return;
            }
            sendCodeInvite(c, ((InetSocketAddress) f.channel().localAddress()).getPort());
        });
        return true;
    }

    private void sendCodeInvite(CodeCall c, int rtpPort) {
        try {
            String host = config.listenAddress;
            Address from = addresses.createAddress(addresses.createSipURI(c.code, host));
            from.setDisplayName("Pippin code " + c.code);
            SipURI to = addresses.createSipURI(c.number, config.trunk.getAddress().getHostAddress());
            to.setPort(config.trunk.getPort());
            List<ViaHeader> via = new ArrayList<>();
            via.add(headers.createViaHeader(host, port(), ListeningPoint.UDP, null));
            Request invite = messages.createRequest((URI) to.clone(), Request.INVITE,
                    headers.createCallIdHeader(c.sipCallId), headers.createCSeqHeader(1L, Request.INVITE),
                    headers.createFromHeader(from, Long.toHexString(random.nextLong())),
                    headers.createToHeader(addresses.createAddress(to), null), via,
                    headers.createMaxForwardsHeader(70), headers.createContentTypeHeader(SDP_TYPE, SDP_SUBTYPE),
                    Sdp.write(host, rtpPort, random.nextInt() & 0x7FFFFFFF));
            invite.addHeader(ourContact());
            c.ct = provider.getNewClientTransaction(invite);
            c.ct.sendRequest();
            LOG.info("{}: INVITE through the trunk", c);
        } catch (ParseException | InvalidArgumentException | SipException ex) {
            LOG.warn("{}: cannot INVITE: {}", c, ex.getMessage());
            codeCalls.remove(c.sipCallId);
            closeCodeCall(c);
        }
    }

    private void onCodeCallResponse(CodeCall c, ResponseEvent e) {
        Response resp = e.getResponse();
        int code = resp.getStatusCode();
        if (code < 200) {
            return;
        }
        if (code >= 300) {
            LOG.info("{}: the trunk answered {}", c, code);
            codeCalls.remove(c.sipCallId);
            closeCodeCall(c);
            return;
        }
        Dialog dialog = e.getDialog() != null ? e.getDialog() : c.ct.getDialog();
        ack(c, dialog, ((CSeqHeader) resp.getHeader(CSeqHeader.NAME)).getSeqNumber());
        if (c.answered) {
            return; // a retransmitted 200
        }
        c.dialog = dialog;
        c.answered = true;
        c.answeredMillis = clock.nowMillis();
        if (c.cancelled) {
            endCodeCall(c, "answered as it was cancelled");
            return;
        }
        try {
            Sdp.Audio answer = Sdp.read(resp.getRawContent());
            if (answer.eventType >= 0 && c.rtp != null) {
                for (byte[] p : Dtmf.packets(c.code, answer.eventType, random.nextInt(0x10000), random.nextInt()
                        & 0xFFFFFFFFL, random.nextInt())) {
                    c.rtp.write(new DatagramPacket(c.rtp.alloc().buffer(p.length).writeBytes(p), answer.rtp),
                            c.rtp.voidPromise());
                }
                c.rtp.flush();
                LOG.info("{}: answered; code sent as RFC 4733 events", c);
            } else {
                LOG.info("{}: answered; no telephone-event in its SDP, the code shows only as the caller id", c);
            }
        } catch (SdpException ex) {
            LOG.info("{}: answered without usable SDP ({}); the code shows only as the caller id", c,
                    ex.getMessage());
        }
    }

    private void tickCodeCalls(long now) {
        for (CodeCall c : new ArrayList<>(codeCalls.values())) {
            if (!c.answered && !c.cancelled && now - c.startedMillis >= c.ringMillis) {
                endCodeCall(c, "no answer in " + c.ringMillis / 1000 + " s");
            } else if (c.answered && now - c.answeredMillis >= CODE_HOLD_MILLIS + 250L * c.code.length()) {
                endCodeCall(c, "code shown");
            }
        }
    }

    /** BYE once answered, else CANCEL (its 487, or a crossing 200, still arrives and ends it). */
    private void endCodeCall(CodeCall c, String why) {
        LOG.info("{}: ending: {}", c, why);
        if (c.answered) {
            sendBye(c, c.dialog);
            codeCalls.remove(c.sipCallId);
            closeCodeCall(c);
        } else if (!c.cancelled) {
            c.cancelled = true;
            try {
                if (c.ct != null) {
                    provider.getNewClientTransaction(c.ct.createCancel()).sendRequest();
                }
            } catch (SipException ex) {
                LOG.info("{}: cannot CANCEL: {}", c, ex.getMessage());
            }
        }
    }

    private static void closeCodeCall(CodeCall c) {
        c.ended = true;
        if (c.rtp != null) {
            c.rtp.close();
            c.rtp = null;
        }
    }

    /** One verification call: the number it rings and the code it shows. */
    static final class CodeCall {
        final String number;
        final String code;
        final String sipCallId;
        final long startedMillis;
        final long ringMillis;
        ClientTransaction ct;
        Dialog dialog;
        Channel rtp;
        boolean answered;
        boolean cancelled;
        boolean ended;
        long answeredMillis;

        CodeCall(String number, String code, String sipCallId, long startedMillis, long ringMillis) {
            this.number = number;
            this.code = code;
            this.sipCallId = sipCallId;
            this.startedMillis = startedMillis;
            this.ringMillis = ringMillis;
        }

        /** Never the code: it is a secret until the owner uses it. */
        @Override
        public String toString() {
            return "verification call to " + number;
        }
    }

    // ---- timers and shutdown --------------------------------------------------------------------------------------

    /** Registrations that were not refreshed in time are dropped. Called on the loop by the relay's tick. */
    public void tick() {
        long now = clock.nowMillis();
        tickCodeCalls(now);
        for (Registration reg : new ArrayList<>(trunkLines.values())) {
            // Opened for a call the relay then refused (busy, relay full): nothing will end it otherwise.
            releaseTrunkLine(reg);
        }
        for (Registration reg : new ArrayList<>(registrations.values())) {
            if (now >= reg.expiresAtMillis) {
                LOG.info("SIP: {} registration expired", reg.number);
                reg.line.detach();
            }
        }
    }

    /** Stops the SIP stack; the relay ends the calls (its shutdown detaches every line). Not on the loop. */
    @Override
    public void close() {
        loop.submit(() -> {
            closed = true;
            for (SipCall call : new ArrayList<>(calls.values())) {
                hangUpSip(call, "relay stops");
            }
            for (CodeCall c : new ArrayList<>(codeCalls.values())) {
                endCodeCall(c, "relay stops");
            }
        }).syncUninterruptibly();
        stack.stop();
    }

    /** One call with a SIP phone; {@link #outgoing} when a Pippin phone called it. */
    static final class SipCall {
        final Registration reg;
        final int callId;
        final boolean outgoing;
        final String sipCallId;
        ServerTransaction st;
        ClientTransaction ct;
        Dialog dialog;
        String localTag;
        Channel rtp;
        int rtpPort;
        InetSocketAddress remoteRtp;
        int eventType = Rtp.PT_EVENT;
        MediaBridge bridge;
        boolean ringing;
        boolean answered;
        boolean cancelled;
        boolean ended;
        /** RTP timestamp of the last telephone event passed on, -1 before the first. */
        long lastEventTimestamp = -1;
        long rtpDropped;
        int pippinCodecs;
        int pippinPtime;
        int pippinChannel;
        String caller;

        SipCall(Registration reg, int callId, boolean outgoing, String sipCallId) {
            this.reg = reg;
            this.callId = callId;
            this.outgoing = outgoing;
            this.sipCallId = sipCallId;
        }

        @Override
        public String toString() {
            return "call " + String.format("%08x", callId) + (outgoing ? " " + caller + " -> sip:" + reg.number
                    : " sip:" + reg.number + " ->");
        }
    }
}
