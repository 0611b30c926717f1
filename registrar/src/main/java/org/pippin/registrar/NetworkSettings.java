package org.pippin.registrar;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every registrar member applies alike: proof-of-work difficulty, the numbering plan with its reserved
 * ranges, quarantine and inactivity periods, and the allowed clock difference of signed records. They travel through
 * the Raft log (a settings command), so a decision never depends on one member's local configuration.
 *
 * <pre>
 *  difficulty:u8 digits:u8 quarantineDays:u16 inactivityDays:u16 windowSeconds:u32 rangeCount:u16
 *  rangeCount x (first:i64 last:i64)
 * </pre>
 */
public final class NetworkSettings {

    public static final int MIN_DIFFICULTY = 8;
    public static final int MAX_DIFFICULTY = 32;
    public static final int MIN_DIGITS = 4;
    public static final int MAX_DIGITS = 15;
    static final int MAX_RANGES = 256;

    public static final long DAY_MILLIS = 86_400_000L;

    /** An inclusive range of numbers, as values of their digits. */
    public record Range(long first, long last) {
        boolean contains(long n) {
            return n >= first && n <= last;
        }
    }

    public final int difficulty;
    public final int digits;
    public final List<Range> reserved;
    public final int quarantineDays;
    public final int inactivityDays;
    public final int windowSeconds;

    public NetworkSettings(int difficulty, int digits, List<Range> reserved, int quarantineDays, int inactivityDays,
            int windowSeconds) {
        if (difficulty < MIN_DIFFICULTY || difficulty > MAX_DIFFICULTY || digits < MIN_DIGITS || digits > MAX_DIGITS
                || reserved.size() > MAX_RANGES || quarantineDays < 1 || quarantineDays > 0xFFFF
                || inactivityDays < 1 || inactivityDays > 0xFFFF || windowSeconds < 1) {
            throw new IllegalArgumentException("network settings out of range");
        }
        this.difficulty = difficulty;
        this.digits = digits;
        this.reserved = List.copyOf(reserved);
        this.quarantineDays = quarantineDays;
        this.inactivityDays = inactivityDays;
        this.windowSeconds = windowSeconds;
    }

    long quarantineMillis() {
        return quarantineDays * DAY_MILLIS;
    }

    long inactivityMillis() {
        return inactivityDays * DAY_MILLIS;
    }

    long windowMillis() {
        return windowSeconds * 1000L;
    }

    /** Numbers in the plan: {@code 10^digits}. */
    long planSize() {
        long n = 1;
        for (int i = 0; i < digits; i++) {
            n *= 10;
        }
        return n;
    }

    /** Whether {@code number} has exactly {@code digits} decimal digits. */
    static boolean isPlanNumber(String number, int digits) {
        if (number == null || number.length() != digits) {
            return false;
        }
        for (int i = 0; i < digits; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    boolean inPlan(String number) {
        return isPlanNumber(number, digits);
    }

    boolean isReserved(long value) {
        for (Range r : reserved) {
            if (r.contains(value)) {
                return true;
            }
        }
        return false;
    }

    String format(long value) {
        StringBuilder s = new StringBuilder(Long.toString(value));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        return s.toString();
    }

    void write(DataOutput out) throws IOException {
        out.writeByte(difficulty);
        out.writeByte(digits);
        out.writeShort(quarantineDays);
        out.writeShort(inactivityDays);
        out.writeInt(windowSeconds);
        out.writeShort(reserved.size());
        for (Range r : reserved) {
            out.writeLong(r.first());
            out.writeLong(r.last());
        }
    }

    static NetworkSettings read(DataInput in) throws IOException {
        int difficulty = in.readUnsignedByte();
        int digits = in.readUnsignedByte();
        int quarantine = in.readUnsignedShort();
        int inactivity = in.readUnsignedShort();
        int window = in.readInt();
        int count = in.readUnsignedShort();
        if (count > MAX_RANGES) {
            throw new IOException("settings: " + count + " reserved ranges, at most " + MAX_RANGES);
        }
        List<Range> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long first = in.readLong();
            long last = in.readLong();
            ranges.add(new Range(first, last));
        }
        try {
            return new NetworkSettings(difficulty, digits, ranges, quarantine, inactivity, window);
        } catch (IllegalArgumentException e) {
            throw new IOException("settings: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSettings s && s.difficulty == difficulty && s.digits == digits
                && s.reserved.equals(reserved) && s.quarantineDays == quarantineDays
                && s.inactivityDays == inactivityDays && s.windowSeconds == windowSeconds;
    }

    @Override
    public int hashCode() {
        return ((difficulty * 31 + digits) * 31 + reserved.hashCode()) * 31 + quarantineDays * 7 + inactivityDays;
    }

    @Override
    public String toString() {
        return "difficulty=" + difficulty + " digits=" + digits + " reserved=" + reserved.size() + " ranges quarantine="
                + quarantineDays + "d inactivity=" + inactivityDays + "d window=" + windowSeconds + "s";
    }
}
