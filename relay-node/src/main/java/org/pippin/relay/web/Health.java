package org.pippin.relay.web;

/**
 * A part of the relay whose health the status page shows (the DHT, the registrar). Implementations are called on
 * the web face's thread and must answer at once from state they keep thread-safe.
 */
public interface Health {

    /** Healthy, degraded, or absent from this relay. */
    enum State {
        OK, DEGRADED, NOT_CONFIGURED
    }

    /** Short name for the status page and metrics, e.g. "DHT". */
    String name();

    State state();

    /** One short line for a phone screen, e.g. "42 peers" or "not configured". */
    String detail();

    /** A part this relay does not run (yet): shown as such, never as healthy. */
    static Health notConfigured(String name) {
        return new Health() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public State state() {
                return State.NOT_CONFIGURED;
            }

            @Override
            public String detail() {
                return "not configured";
            }
        };
    }
}
