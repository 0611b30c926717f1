package org.pippin.midlet;

import java.util.Vector;

/** One number the phone owns and its block list as last accepted by the network. */
final class MyNumber {
    final String number;
    /** Sequence of the last block list the network accepted; 0 before the first. */
    long blockSequence;
    boolean blockAnonymous;
    /** Blocked numbers and prefixes (Strings). */
    final Vector blocked = new Vector();
    final Vector prefixes = new Vector();

    MyNumber(String number) {
        this.number = number;
    }

    static String[] strings(Vector v) {
        String[] s = new String[v.size()];
        v.copyInto(s);
        return s;
    }
}
