package org.pippin.relay.ddns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Publishes the relay's addresses; one round trip per call, on the DDNS thread. */
interface Updater {

    /**
     * Publishes {@code addresses} (IPv4 first). Network failures throw; answers from the server, good or bad, come
     * back as an {@link Outcome}.
     */
    Outcome update(List<InetAddress> addresses) throws IOException;

    /** What the server said. {@code minRetrySeconds} is a floor the server asked for (0 = the normal backoff). */
    final class Outcome {
        enum Kind { DONE, RETRY, FATAL }

        final Kind kind;
        final String message;
        final int minRetrySeconds;

        private Outcome(Kind kind, String message, int minRetrySeconds) {
            this.kind = kind;
            this.message = message;
            this.minRetrySeconds = minRetrySeconds;
        }

        static Outcome done(String message) {
            return new Outcome(Kind.DONE, message, 0);
        }

        static Outcome retry(String message) {
            return new Outcome(Kind.RETRY, message, 0);
        }

        static Outcome retryAfter(String message, int minRetrySeconds) {
            return new Outcome(Kind.RETRY, message, minRetrySeconds);
        }

        /** The server will refuse every later update too until an operator acts: stop and report. */
        static Outcome fatal(String message) {
            return new Outcome(Kind.FATAL, message, 0);
        }

        @Override
        public String toString() {
            return kind + ": " + message;
        }
    }
}
