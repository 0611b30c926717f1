package org.pippin.protocol;

import java.io.IOException;
import java.util.Random;

/**
 * Signalling with one peer (PROTOCOL.md, "Reliability over UDP"). Over UDP, reliable frames are retransmitted until
 * acknowledged (after 1, 2, 4, 8, 8 s: six sends in all) and then reported undelivered; every received frame with a
 * non-zero message id is acknowledged, and a repeat of one of the last 64 ids is acknowledged again but not delivered.
 * Over TCP ({@code stream}) the transport is reliable: ids are still assigned, nothing is acknowledged or repeated.
 *
 * <p>Not thread-safe and starts no thread: the owner serializes {@link #send}, {@link #receive} and {@link #poll}, and
 * calls {@code poll} again within the time it returns. Listener callbacks run inside those calls.
 */
public final class ReliableLink {
    /** Sends one frame (datagram, or a length-prefixed frame on a stream) to the peer. */
    public interface Output {
        void transmit(byte[] buf, int off, int len) throws IOException;
    }

    public interface Listener {
        /** A new frame from the peer (not ACKs; unknown types come as {@link UnknownFrame}, usually ignored). */
        void onFrame(Frame f);

        /** A reliable frame that was sent {@link Wire#MAX_SENDS} times without an ACK. */
        void onUndelivered(Frame f);
    }

    private final Output out;
    private final Listener listener;
    private final Clock clock;
    private final boolean stream;

    private int nextId;
    private long lastHeard;

    // Pending reliable frames, oldest first: frame, its id (kept apart: a caller may reuse the object), encoding,
    // send count and next deadline.
    private final Frame[] pending = new Frame[Wire.MAX_PENDING];
    private final int[] pendingIds = new int[Wire.MAX_PENDING];
    private final byte[][] pendingBytes = new byte[Wire.MAX_PENDING][];
    private final int[] sends = new int[Wire.MAX_PENDING];
    private final long[] due = new long[Wire.MAX_PENDING];
    private int pendingCount;

    // Ring of recently received ids; -1 marks an empty slot.
    private final int[] seen = new int[Wire.DUPLICATE_WINDOW];
    private int seenNext;

    private final byte[] ackBuf = new byte[Wire.HEADER];

    /** @param stream true over TCP: no ACKs, no retransmission */
    public ReliableLink(Output out, Listener listener, Clock clock, boolean stream) {
        this(out, listener, clock, stream, 1 + new Random(clock.nowMillis() ^ System.identityHashCode(listener))
            .nextInt(0xFFFF));
    }

    /**
     * @param firstMessageId the id of the first reliable frame, 1..65535. Starting at a random id keeps a peer that
     *        still remembers ids from this side's previous session from taking new frames for repeats.
     */
    public ReliableLink(Output out, Listener listener, Clock clock, boolean stream, int firstMessageId) {
        this.out = out;
        this.listener = listener;
        this.clock = clock;
        this.stream = stream;
        this.nextId = Frame.checkRange(firstMessageId, 1, 0xFFFF, "first message id");
        this.lastHeard = clock.nowMillis();
        for (int i = 0; i < Wire.DUPLICATE_WINDOW; i++) {
            seen[i] = -1;
        }
    }

    /**
     * Sends {@code f}: a reliable frame gets the next message id (written into {@code f.messageId}) and, over UDP, is
     * kept until acknowledged; KEEPALIVE and ERROR go with id 0, an ACK with its own.
     *
     * @throws IOException "too many pending frames" (nothing is sent) if {@link Wire#MAX_PENDING} frames wait for an ACK,
     *         or the oldest of them is {@code MAX_PENDING} ids behind: keeping every id in flight within half the
     *         receiver's duplicate window is what makes "delivered once" hold when ACKs are lost; or the output failed
     *         (the frame is then not kept)
     */
    public void send(Frame f) throws IOException {
        if (!f.isReliable()) {
            if (f.type != Wire.ACK) {
                f.messageId = 0;
            }
            byte[] bytes = FrameCodec.encode(f);
            out.transmit(bytes, 0, bytes.length);
            return;
        }
        if (!stream && (pendingCount == Wire.MAX_PENDING
            || pendingCount > 0 && idsSince(pendingIds[0]) >= Wire.MAX_PENDING)) {
            throw new IOException("too many pending frames");
        }
        f.messageId = nextId;
        nextId = nextId == 0xFFFF ? 1 : nextId + 1;
        byte[] bytes = FrameCodec.encode(f);
        out.transmit(bytes, 0, bytes.length);
        if (!stream) {
            pending[pendingCount] = f;
            pendingIds[pendingCount] = f.messageId;
            pendingBytes[pendingCount] = bytes;
            sends[pendingCount] = 1;
            due[pendingCount] = clock.nowMillis() + Wire.RETRY_FIRST_MS;
            pendingCount++;
        }
    }

    /**
     * Handles one signalling frame from the peer: an ACK clears the frame it acknowledges; a frame with a non-zero id
     * is acknowledged (over UDP) and delivered unless it is a repeat; other frames are delivered.
     *
     * @throws ProtocolException if the bytes are not a valid signalling frame (nothing is acknowledged then)
     * @throws IOException if sending the ACK fails (the frame is not delivered, so its retransmission will be)
     */
    public void receive(byte[] buf, int off, int len) throws ProtocolException, IOException {
        lastHeard = clock.nowMillis();
        Frame f = FrameCodec.decode(buf, off, len);
        if (f.type == Wire.ACK) {
            if (!stream) {
                acknowledged(f.messageId);
            }
            return;
        }
        if (!stream && f.messageId != 0) {
            sendAck(f.messageId);
            if (isRepeat(f.messageId)) {
                return;
            }
            seen[seenNext] = f.messageId;
            seenNext = (seenNext + 1) % Wire.DUPLICATE_WINDOW;
        }
        listener.onFrame(f);
    }

    /**
     * Retransmits the frames that are due and gives up on those sent {@link Wire#MAX_SENDS} times.
     *
     * @return ms until the next deadline (0 if one is already due), or Long.MAX_VALUE when nothing is pending
     * @throws IOException if a retransmission fails; it counts as sent, and the remaining due frames go out on the
     *         next call
     */
    public long poll() throws IOException {
        long now = clock.nowMillis();
        int i = 0;
        while (i < pendingCount) {
            if (due[i] > now) {
                i++;
            } else if (sends[i] >= Wire.MAX_SENDS) {
                Frame f = pending[i];
                remove(i);
                listener.onUndelivered(f);
            } else {
                int interval = Wire.RETRY_FIRST_MS << sends[i];
                sends[i]++;
                due[i] = now + (interval < Wire.RETRY_MAX_MS ? interval : Wire.RETRY_MAX_MS);
                out.transmit(pendingBytes[i], 0, pendingBytes[i].length);
                i++;
            }
        }
        long next = Long.MAX_VALUE;
        for (i = 0; i < pendingCount; i++) {
            if (due[i] < next) {
                next = due[i];
            }
        }
        return next == Long.MAX_VALUE ? next : Math.max(0, next - clock.nowMillis());
    }

    /** Reliable frames sent and not yet acknowledged (always 0 in stream mode). */
    public int pendingCount() {
        return pendingCount;
    }

    /** When anything was last received from the peer (the link's creation time until then). */
    public long lastHeardMillis() {
        return lastHeard;
    }

    private void acknowledged(int messageId) {
        for (int i = 0; i < pendingCount; i++) {
            if (pendingIds[i] == messageId) {
                remove(i);
                return;
            }
        }
    }

    /** How many ids were handed out since {@code id}; ids run 1..65535, then 1 again. */
    private int idsSince(int id) {
        int d = nextId - id;
        return d >= 0 ? d : d + 0xFFFF;
    }

    private boolean isRepeat(int messageId) {
        for (int i = 0; i < Wire.DUPLICATE_WINDOW; i++) {
            if (seen[i] == messageId) {
                return true;
            }
        }
        return false;
    }

    private void sendAck(int messageId) throws IOException {
        ackBuf[0] = (byte) Wire.SIGNALLING_BYTE0;
        ackBuf[1] = (byte) Wire.ACK;
        ackBuf[2] = (byte) (messageId >> 8);
        ackBuf[3] = (byte) messageId;
        out.transmit(ackBuf, 0, Wire.HEADER);
    }

    private void remove(int i) {
        int tail = pendingCount - i - 1;
        System.arraycopy(pending, i + 1, pending, i, tail);
        System.arraycopy(pendingIds, i + 1, pendingIds, i, tail);
        System.arraycopy(pendingBytes, i + 1, pendingBytes, i, tail);
        System.arraycopy(sends, i + 1, sends, i, tail);
        System.arraycopy(due, i + 1, due, i, tail);
        pendingCount--;
        pending[pendingCount] = null;
        pendingBytes[pendingCount] = null;
    }
}
