package org.pippin.relay;

import java.util.HashSet;
import java.util.Set;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmGreeting;
import org.pippin.protocol.VmGreetingDelete;
import org.pippin.protocol.Wire;
import org.pippin.relay.voicemail.GreetingUpload;
import org.pippin.relay.voicemail.Voicemail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VM_GREETING and VM_GREETING_DELETE from an attached phone: only a phone holding the number (logged in with the
 * owner's key, or registered with its device secret) may change its greetings. Uploads in progress are held in
 * memory (up to 240 KB each, 30 s of PCMU), so at most {@link #MAX_UPLOADS} run at once. Event loop.
 */
final class GreetingDesk {

    private static final Logger LOG = LoggerFactory.getLogger(GreetingDesk.class);
    private static final byte[] NO_RECORD = new byte[0];
    /** Greeting uploads in progress at once, relay-wide: what a crowd of phones can make the relay hold (≤ 4 MB). */
    static final int MAX_UPLOADS = 16;

    /** Sessions with an upload in progress; closed ones are dropped when the next upload starts. */
    private final Set<Session> uploading = new HashSet<>();

    void chunk(Relay relay, Voicemail voicemail, Session s, VmGreeting g) {
        if (!relay.holds(s, g.owner)) {
            end(s);
            relay.sendTo(s, new Result(Wire.VM_GREETING, Wire.RESULT_NOT_OWNER, NO_RECORD, "not logged in as "
                    + g.owner));
            return;
        }
        if (g.chunk == 0 && !uploading.contains(s)) {
            uploading.removeIf(other -> other.closed || other.greeting == null);
            if (uploading.size() >= MAX_UPLOADS) {
                LOG.info("{}: {} refused: {} greeting uploads in progress", s, g, uploading.size());
                relay.sendTo(s, new Result(Wire.VM_GREETING, Wire.RESULT_UNAVAILABLE, NO_RECORD,
                        "too many greetings being sent; try again later"));
                return;
            }
        }
        GreetingUpload u;
        byte[] audio;
        try {
            u = GreetingUpload.add(s.greeting, g);
            if (!u.complete()) {
                s.greeting = u;
                uploading.add(s);
                return; // the link acknowledged the chunk; the RESULT comes with the last one
            }
            audio = u.audio();
        } catch (GreetingUpload.Refused e) {
            end(s);
            LOG.info("{}: {} refused: {}", s, g, e.getMessage());
            relay.sendTo(s, new Result(Wire.VM_GREETING, e.outcome, NO_RECORD, e.getMessage()));
            return;
        }
        end(s);
        voicemail.saveGreeting(u.owner, u.kind, u.codec, audio, kept -> relay.sendTo(s, kept == null
                ? new Result(Wire.VM_GREETING, Wire.RESULT_UNAVAILABLE, NO_RECORD, "storage failure")
                : new Result(Wire.VM_GREETING, Wire.RESULT_OK, NO_RECORD, "")));
    }

    private void end(Session s) {
        s.greeting = null;
        uploading.remove(s);
    }

    void delete(Relay relay, Voicemail voicemail, Session s, VmGreetingDelete d) {
        if (!relay.holds(s, d.owner)) {
            relay.sendTo(s, new Result(Wire.VM_GREETING_DELETE, Wire.RESULT_NOT_OWNER, NO_RECORD, "not logged in as "
                    + d.owner));
            return;
        }
        voicemail.deleteGreeting(d.owner, d.kind, had -> {
            LOG.info("{}: {} greeting of {} {}", s, Wire.greetingName(d.kind), d.owner,
                    had == null ? "not deleted: storage failure" : had ? "deleted" : "was not kept");
            relay.sendTo(s, had == null
                    ? new Result(Wire.VM_GREETING_DELETE, Wire.RESULT_UNAVAILABLE, NO_RECORD, "storage failure")
                    : new Result(Wire.VM_GREETING_DELETE, Wire.RESULT_OK, NO_RECORD, ""));
        });
    }
}
