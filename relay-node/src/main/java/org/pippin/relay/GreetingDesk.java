package org.pippin.relay;

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
 * owner's key, or registered with its device secret) may change its greetings. Event loop.
 */
final class GreetingDesk {

    private static final Logger LOG = LoggerFactory.getLogger(GreetingDesk.class);
    private static final byte[] NO_RECORD = new byte[0];

    private GreetingDesk() {
    }

    static void chunk(Relay relay, Voicemail voicemail, Session s, VmGreeting g) {
        if (!relay.holds(s, g.owner)) {
            s.greeting = null;
            relay.sendTo(s, new Result(Wire.VM_GREETING, Wire.RESULT_NOT_OWNER, NO_RECORD, "not logged in as "
                    + g.owner));
            return;
        }
        GreetingUpload u;
        byte[] audio;
        try {
            u = GreetingUpload.add(s.greeting, g);
            if (!u.complete()) {
                s.greeting = u;
                return; // the link acknowledged the chunk; the RESULT comes with the last one
            }
            audio = u.audio();
        } catch (GreetingUpload.Refused e) {
            s.greeting = null;
            LOG.info("{}: {} refused: {}", s, g, e.getMessage());
            relay.sendTo(s, new Result(Wire.VM_GREETING, e.outcome, NO_RECORD, e.getMessage()));
            return;
        }
        s.greeting = null;
        voicemail.saveGreeting(u.owner, u.kind, u.codec, audio, kept -> relay.sendTo(s, kept == null
                ? new Result(Wire.VM_GREETING, Wire.RESULT_UNAVAILABLE, NO_RECORD, "storage failure")
                : new Result(Wire.VM_GREETING, Wire.RESULT_OK, NO_RECORD, "")));
    }

    static void delete(Relay relay, Voicemail voicemail, Session s, VmGreetingDelete d) {
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
