package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.ProtocolException;
import org.pippin.sip.PippinSide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lines for parties inside the relay (the SIP side): each attached number gets its own {@link Session} with an
 * in-process endpoint, so the relay routes its calls and voice exactly like a phone's, with no socket in between.
 * Event loop only.
 */
final class LocalLines implements PippinSide {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLines.class);

    private final Relay relay;
    private final String kind;

    /** @param kind what the lines are, for logs: "sip" shows as {@code sip/NUMBER} */
    LocalLines(Relay relay, String kind) {
        this.relay = relay;
        this.kind = kind;
    }

    @Override
    public void onExternalCalls(Predicate<String> opener) {
        relay.setExternalLines(opener);
    }

    @Override
    public void onCodeCalls(CodeCaller caller) {
        relay.setCodeCalls(caller);
    }

    @Override
    public Line attach(String number, int codecMask, Line.Listener listener) {
        LocalEndpoint endpoint = new LocalEndpoint(kind + "/" + number, listener);
        Session s = relay.attachLocal(endpoint, number, codecMask);
        if (s == null) {
            return null;
        }
        return new Line() {
            @Override
            public void send(Frame f) {
                relay.onLocalFrame(s, f);
            }

            @Override
            public void sendVoice(byte[] packet, int off, int len) {
                ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(len).writeBytes(packet, off, len);
                try {
                    relay.onStreamVoice(s, buf);
                } finally {
                    buf.release();
                }
            }

            @Override
            public void detach() {
                relay.detachLocal(s, kind + " registration ended");
            }
        };
    }

    /** The relay's side of a line: frames are decoded back into objects, voice copied out, for the listener. */
    private static final class LocalEndpoint implements Endpoint {
        private final String name;
        private final Line.Listener listener;
        private byte[] voice = new byte[512];
        private boolean closed;

        LocalEndpoint(String name, Line.Listener listener) {
            this.name = name;
            this.listener = listener;
        }

        @Override
        public boolean isStream() {
            return true;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        /** In-process: per-source limits count a line as the relay's own address. */
        @Override
        public InetAddress address() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public boolean isAt(InetSocketAddress sender) {
            return false;
        }

        @Override
        public void sendSignal(byte[] buf, int off, int len) {
            if (closed) {
                return;
            }
            Frame f;
            try {
                f = FrameCodec.decode(buf, off, len);
            } catch (ProtocolException e) {
                // The relay encoded it a moment ago: a failure here is a bug, said loudly.
                LOG.error("{}: relay's own frame does not decode: {}", name, e.getMessage());
                return;
            }
            listener.onFrame(f);
        }

        @Override
        public boolean sendVoice(ByteBuf packet) {
            try {
                int len = packet.readableBytes();
                if (closed) {
                    return false;
                }
                if (voice.length < len) {
                    voice = new byte[len];
                }
                packet.getBytes(packet.readerIndex(), voice, 0, len);
                listener.onVoice(voice, 0, len);
                return true;
            } finally {
                packet.release();
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                listener.onDetached();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
