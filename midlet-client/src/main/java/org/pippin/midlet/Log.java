package org.pippin.midlet;

/**
 * Where the MIDlet reports what happens. {@link #event} lines are machine-readable (tests wait for them);
 * {@link #info} lines are for people reading the console.
 */
public interface Log {

    /** One event, printed as {@code PIPPIN EVENT <text>} (the contract's event grammar). */
    void event(String text);

    /** A free-form diagnostic line; carries the call id where there is one. */
    void info(String text);
}
