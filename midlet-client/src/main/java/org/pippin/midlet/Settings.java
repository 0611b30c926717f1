package org.pippin.midlet;

import org.pippin.identity.LinkedNumbers;
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.Wire;

/**
 * The MIDlet's configuration, read once at start from the JAD / manifest attributes. Unknown or out-of-range values
 * fall back to the default with a warning naming the attribute, so a typo in a JAD never stops the phone.
 */
public final class Settings {

    /** Where attribute values come from: {@code MIDlet.getAppProperty} on a phone, a table in tests. */
    public interface Source {
        /** The attribute's value, or null when it is absent. */
        String get(String name);
    }

    public static final int TRANSPORT_AUTO = 0;
    public static final int TRANSPORT_UDP = 1;
    public static final int TRANSPORT_TCP = 2;

    public static final int ANSWER_ASK = 0;
    public static final int ANSWER_ANSWER = 1;
    public static final int ANSWER_REJECT = 2;

    /** Pippin-Auto-Voicemail: nothing by itself, or play (and delete) the newest new message when one waits. */
    public static final int VOICEMAIL_MANUAL = 0;
    public static final int VOICEMAIL_PLAY = 1;
    public static final int VOICEMAIL_PLAY_DELETE = 2;

    public static final int AUDIO_MMAPI = 0;
    public static final int AUDIO_FILE = 1;

    public final String relayHost;
    /** 0 when no relay is configured. */
    public final int relayPort;
    /**
     * Test mode: a number to claim at start unless the phone owns it (or, with {@link #autoClaimRandom}, the prefix
     * of a random number to claim unless the phone owns one); null for none.
     */
    public final String autoClaim;
    public final boolean autoClaimRandom;
    /** Test mode: give up the number called from or on once the first call is over. */
    public final boolean autoDumpAfterCall;
    /** Test mode: {@link #autoDial} calls anonymously. */
    public final boolean autoAnonymous;
    /**
     * Test mode: the block list the phone sends for its number once logged in: numbers, prefixes (written with a
     * trailing {@code *}) and whether anonymous callers are blocked; null when the attribute is absent.
     */
    public final String[] autoBlockNumbers;
    public final String[] autoBlockPrefixes;
    public final boolean autoBlockAnonymous;
    /**
     * Test mode ({@code Pippin-Auto-Link: all 3003, 4004} or {@code sequential:15 3003}): the linked numbers the phone
     * sends for its number once logged in, null when absent; the rule and the step seconds.
     */
    public final String[] autoLinks;
    public final int autoLinkRule;
    public final int autoLinkStep;
    public final int autoAnswer;
    /** Number to dial once registered, or null. */
    public final String autoDial;
    /** Pippin-Auto-Dtmf (tests): keys (0-9, *, #, A-D) sent as DTMF once a call is answered, or null. */
    public final String autoDtmf;
    public final boolean hangupAtEndOfAudio;
    public final boolean exitAfterCall;
    public final int autoVoicemail;
    /** Pippin-Auto-Greeting (tests): unavailable|busy records that greeting from the audio source and sends it once
     *  logged in; -1 for none. */
    public final int autoGreeting;
    public final int audio;
    public final String audioIn;
    public final String audioOut;
    public final int codec;
    public final int ptime;
    public final int transport;
    /** TCP ports to try, in order, after UDP and TCP on {@link #relayPort} get no answer; may be empty. */
    public final int[] fallbackPorts;
    /**
     * Relays to start from, {@code host:port}: Pippin-Relay, then the Pippin-Relays list (comma-separated, which a
     * relay's web face puts in the JAD it serves), repeats and bad entries left out; may be empty.
     */
    public final String[] seeds;
    /**
     * Where the network's relay list is served over HTTP (a relay's {@code /relays.xml}): Pippin-Relays-Url, else
     * next to an http MIDlet-Jar-URL; null when neither says.
     */
    public final String relaysUrl;

    private Settings(Source src, Log log) {
        String relay = trimmed(src, "Pippin-Relay");
        String host = null;
        int port = 0;
        if (relay != null) {
            int colon = relay.lastIndexOf(':');
            int p = colon > 0 ? parseInt(relay.substring(colon + 1)) : -1;
            if (p < 1 || p > 65535) {
                log.info("settings: Pippin-Relay '" + relay + "' is not host:port; no relay configured");
            } else {
                host = relay.substring(0, colon);
                port = p;
            }
        }
        relayHost = host;
        relayPort = port;

        String claim = trimmed(src, "Pippin-Auto-Claim");
        boolean random = false;
        if (claim != null && claim.startsWith("random")) {
            random = true;
            claim = claim.length() == 6 ? "" : claim.charAt(6) == ':' ? claim.substring(7) : null;
        }
        if (claim != null && !Numbers.isValid(claim)) {
            claim = null;
        }
        if (claim == null && trimmed(src, "Pippin-Auto-Claim") != null) {
            log.info("settings: Pippin-Auto-Claim '" + trimmed(src, "Pippin-Auto-Claim")
                    + "' is not a number, random or random:prefix; ignored");
        }
        autoClaim = claim;
        autoClaimRandom = random && claim != null;
        String dump = trimmed(src, "Pippin-Auto-Dump");
        if (dump != null && !"after-call".equals(dump)) {
            log.info("settings: Pippin-Auto-Dump '" + dump + "' is not after-call; ignored");
        }
        autoDumpAfterCall = "after-call".equals(dump);
        autoAnonymous = "true".equals(trimmed(src, "Pippin-Auto-Anonymous"));
        String block = trimmed(src, "Pippin-Auto-Block");
        String[] numbers = null;
        String[] prefixes = null;
        boolean anonymous = false;
        if (block != null) {
            String[] items = split(block);
            String[] n = new String[items.length];
            String[] p = new String[items.length];
            int nn = 0;
            int np = 0;
            for (int i = 0; i < items.length; i++) {
                String item = items[i];
                boolean prefix = item.endsWith("*");
                String digits = prefix ? item.substring(0, item.length() - 1) : item;
                if ("anonymous".equals(item)) {
                    anonymous = true;
                } else if (digits.length() == 0 || !Numbers.isValid(digits)) {
                    log.info("settings: Pippin-Auto-Block entry '" + item + "' is not a number, prefix* or anonymous;"
                            + " ignored");
                } else if (prefix) {
                    p[np++] = digits;
                } else {
                    n[nn++] = digits;
                }
            }
            numbers = new String[nn];
            prefixes = new String[np];
            System.arraycopy(n, 0, numbers, 0, nn);
            System.arraycopy(p, 0, prefixes, 0, np);
        }
        autoBlockNumbers = numbers;
        autoBlockPrefixes = prefixes;
        autoBlockAnonymous = anonymous;
        String link = trimmed(src, "Pippin-Auto-Link");
        int rule = LinkedNumbers.RING_ALL;
        int step = 20;
        String[] links = null;
        if (link != null) {
            int space = link.indexOf(' ');
            String how = space < 0 ? link : link.substring(0, space);
            if (how.startsWith("sequential")) {
                rule = LinkedNumbers.SEQUENTIAL;
                int seconds = how.length() > 11 && how.charAt(10) == ':' ? parseInt(how.substring(11)) : step;
                if (seconds < LinkedNumbers.MIN_STEP || seconds > LinkedNumbers.MAX_STEP) {
                    log.info("settings: Pippin-Auto-Link step '" + how + "' is not " + LinkedNumbers.MIN_STEP + ".."
                            + LinkedNumbers.MAX_STEP + " s; using " + step);
                } else {
                    step = seconds;
                }
            } else if (!"all".equals(how)) {
                log.info("settings: Pippin-Auto-Link rule '" + how + "' is not all or sequential[:seconds];"
                        + " using all");
            }
            String[] items = split(space < 0 ? "" : link.substring(space + 1));
            String[] valid = new String[items.length];
            int n = 0;
            for (int i = 0; i < items.length; i++) {
                if (Numbers.isValid(items[i]) && n < LinkedNumbers.MAX_LINKS) {
                    valid[n++] = items[i];
                } else {
                    log.info("settings: Pippin-Auto-Link entry '" + items[i] + "' ignored");
                }
            }
            links = new String[n];
            System.arraycopy(valid, 0, links, 0, n);
        }
        autoLinks = links;
        autoLinkRule = rule;
        autoLinkStep = step;
        String answer = trimmed(src, "Pippin-Auto-Answer");
        if (answer == null) {
            autoAnswer = ANSWER_ASK;
        } else if ("answer".equals(answer)) {
            autoAnswer = ANSWER_ANSWER;
        } else if ("reject".equals(answer)) {
            autoAnswer = ANSWER_REJECT;
        } else {
            log.info("settings: Pippin-Auto-Answer '" + answer + "' is not answer|reject; asking the user");
            autoAnswer = ANSWER_ASK;
        }
        String dial = trimmed(src, "Pippin-Auto-Dial");
        if (dial != null && !Numbers.isValid(dial)) {
            log.info("settings: Pippin-Auto-Dial '" + dial + "' is not a valid number; ignored");
            dial = null;
        }
        autoDial = dial;
        String dtmf = trimmed(src, "Pippin-Auto-Dtmf");
        for (int i = 0; dtmf != null && i < dtmf.length(); i++) {
            if (Dtmf.event(dtmf.charAt(i)) < 0) {
                log.info("settings: Pippin-Auto-Dtmf '" + dtmf + "' has a key other than 0-9, *, #, A-D; ignored");
                dtmf = null;
            }
        }
        autoDtmf = dtmf;
        String hangup = trimmed(src, "Pippin-Auto-Hangup");
        if (hangup != null && !"end-of-audio".equals(hangup)) {
            log.info("settings: Pippin-Auto-Hangup '" + hangup + "' is not end-of-audio; ignored");
        }
        hangupAtEndOfAudio = "end-of-audio".equals(hangup);
        exitAfterCall = "true".equals(trimmed(src, "Pippin-Exit-After-Call"));

        String vm = trimmed(src, "Pippin-Auto-Voicemail");
        if (vm == null) {
            autoVoicemail = VOICEMAIL_MANUAL;
        } else if ("play".equals(vm)) {
            autoVoicemail = VOICEMAIL_PLAY;
        } else if ("play-delete".equals(vm)) {
            autoVoicemail = VOICEMAIL_PLAY_DELETE;
        } else {
            log.info("settings: Pippin-Auto-Voicemail '" + vm + "' is not play|play-delete; ignored");
            autoVoicemail = VOICEMAIL_MANUAL;
        }

        String g = trimmed(src, "Pippin-Auto-Greeting");
        if (g == null) {
            autoGreeting = -1;
        } else if ("unavailable".equals(g)) {
            autoGreeting = Wire.GREETING_UNAVAILABLE;
        } else if ("busy".equals(g)) {
            autoGreeting = Wire.GREETING_BUSY;
        } else {
            log.info("settings: Pippin-Auto-Greeting '" + g + "' is not unavailable|busy; ignored");
            autoGreeting = -1;
        }

        String a = trimmed(src, "Pippin-Audio");
        if (a == null || "mmapi".equals(a)) {
            audio = AUDIO_MMAPI;
        } else if ("file".equals(a)) {
            audio = AUDIO_FILE;
        } else {
            log.info("settings: Pippin-Audio '" + a + "' is not mmapi|file; using mmapi");
            audio = AUDIO_MMAPI;
        }
        audioIn = trimmed(src, "Pippin-Audio-In");
        audioOut = trimmed(src, "Pippin-Audio-Out");

        String c = trimmed(src, "Pippin-Codec");
        if (c == null || "gsm".equals(c)) {
            codec = Wire.CODEC_GSM;
        } else if ("pcmu".equals(c)) {
            codec = Wire.CODEC_PCMU;
        } else if ("speex".equals(c)) {
            codec = Wire.CODEC_SPEEX;
        } else {
            log.info("settings: Pippin-Codec '" + c + "' is not gsm|pcmu|speex; using gsm");
            codec = Wire.CODEC_GSM;
        }
        String pt = trimmed(src, "Pippin-Ptime");
        int ms = pt == null ? Wire.DEFAULT_PTIME : parseInt(pt);
        if (!Wire.isValidPtime(ms)) {
            log.info("settings: Pippin-Ptime '" + pt + "' is not 20|40|60|80|100; using " + Wire.DEFAULT_PTIME);
            ms = Wire.DEFAULT_PTIME;
        }
        ptime = ms;

        String t = trimmed(src, "Pippin-Transport");
        if (t == null || "auto".equals(t)) {
            transport = TRANSPORT_AUTO;
        } else if ("udp".equals(t)) {
            transport = TRANSPORT_UDP;
        } else if ("tcp".equals(t)) {
            transport = TRANSPORT_TCP;
        } else {
            log.info("settings: Pippin-Transport '" + t + "' is not auto|udp|tcp; using auto");
            transport = TRANSPORT_AUTO;
        }
        fallbackPorts = ports(trimmed(src, "Pippin-Fallback-Ports"), relayPort, log);
        seeds = seeds(host == null ? null : host + ":" + port, trimmed(src, "Pippin-Relays"), log);
        relaysUrl = relaysUrl(trimmed(src, "Pippin-Relays-Url"), trimmed(src, "MIDlet-Jar-URL"), log);
    }

    private static String[] seeds(String first, String list, Log log) {
        RelayBook book = new RelayBook();
        if (first != null) {
            book.put(first, RelayBook.UNKNOWN);
        }
        String[] items = list == null ? new String[0] : split(list);
        for (int i = 0; i < items.length; i++) {
            if (!RelayBook.isAddress(items[i])) {
                log.info("settings: Pippin-Relays entry '" + items[i] + "' is not host:port; ignored");
            } else if (book.indexOf(items[i]) < 0 && !book.put(items[i], RelayBook.UNKNOWN)) {
                log.info("settings: Pippin-Relays entry '" + items[i] + "' is past the " + RelayBook.MAX
                        + " relays a phone keeps; ignored");
            }
        }
        String[] out = new String[book.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = book.address(i);
        }
        return out;
    }

    private static String relaysUrl(String url, String jarUrl, Log log) {
        if (url != null) {
            if (url.startsWith("http://") || url.startsWith("https://")) {
                return url;
            }
            log.info("settings: Pippin-Relays-Url '" + url + "' is not an http URL; ignored");
        }
        if (jarUrl != null && jarUrl.startsWith("http://")) {
            return jarUrl.substring(0, jarUrl.lastIndexOf('/') + 1) + "relays.xml";
        }
        return null;
    }

    /** Reads and validates every attribute; warnings go to {@code log}. */
    public static Settings read(Source src, Log log) {
        return new Settings(src, log);
    }

    private static String trimmed(Source src, String name) {
        String v = src.get(name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.length() == 0 ? null : v;
    }

    /** The non-empty, trimmed items of a comma-separated list. */
    private static String[] split(String list) {
        String[] out = new String[list.length() / 2 + 1];
        int n = 0;
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            String item = list.substring(start, end).trim();
            start = end + 1;
            if (item.length() > 0) {
                out[n++] = item;
            }
        }
        String[] items = new String[n];
        System.arraycopy(out, 0, items, 0, n);
        return items;
    }

    /** A comma-separated port list; bad entries, the relay's own port and repeats are left out with a warning. */
    private static int[] ports(String list, int relayPort, Log log) {
        if (list == null) {
            return new int[0];
        }
        int[] out = new int[8];
        int n = 0;
        String[] items = split(list);
        for (int k = 0; k < items.length; k++) {
            String item = items[k];
            int p = parseInt(item);
            boolean repeat = p == relayPort;
            for (int i = 0; i < n; i++) {
                repeat |= out[i] == p;
            }
            if (p < 1 || p > 65535 || repeat || n == out.length) {
                log.info("settings: Pippin-Fallback-Ports entry '" + item + "' is not a new port 1..65535 (at most "
                        + out.length + "); ignored");
                continue;
            }
            out[n++] = p;
        }
        int[] ports = new int[n];
        System.arraycopy(out, 0, ports, 0, n);
        return ports;
    }

    /** -1 for anything that is not a plain non-negative decimal. */
    private static int parseInt(String s) {
        if (s.length() == 0 || s.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
