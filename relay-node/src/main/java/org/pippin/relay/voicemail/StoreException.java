package org.pippin.relay.voicemail;

import java.io.IOException;

/** A voicemail file that is not what it must be (truncated, failing its CRC, of another format). */
final class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    StoreException(String message) {
        super(message);
    }
}
