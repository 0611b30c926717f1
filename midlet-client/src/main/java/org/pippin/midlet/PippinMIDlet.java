package org.pippin.midlet;

import java.io.IOException;
import java.util.Vector;

import javax.microedition.lcdui.Alert;
import javax.microedition.lcdui.AlertType;
import javax.microedition.lcdui.Choice;
import javax.microedition.lcdui.ChoiceGroup;
import javax.microedition.lcdui.Command;
import javax.microedition.lcdui.CommandListener;
import javax.microedition.lcdui.Display;
import javax.microedition.lcdui.Displayable;
import javax.microedition.lcdui.Form;
import javax.microedition.lcdui.Gauge;
import javax.microedition.lcdui.Item;
import javax.microedition.lcdui.ItemStateListener;
import javax.microedition.lcdui.List;
import javax.microedition.lcdui.StringItem;
import javax.microedition.lcdui.TextBox;
import javax.microedition.lcdui.TextField;
import javax.microedition.midlet.MIDlet;
import javax.microedition.rms.RecordStoreException;

import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.Drbg;
import org.pippin.identity.IdentityException;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.SystemClock;
import org.pippin.protocol.Wire;

/**
 * The Pippin phone: numbers owned by this phone's key (create, switch, give up, block callers), calls from and to
 * them.
 *
 * <p>Threads: one blocks on the network, one runs the {@link Engine}'s timers, one makes the key on the first start
 * and one does each claim's proof of work. Engine events reach the screens through {@link Display#callSerially}, so
 * LCDUI is only touched from the UI thread. Test mode (JAD attributes Pippin-Auto-*) drives the same engine without
 * a user.
 */
public final class PippinMIDlet extends MIDlet implements CommandListener, Engine.Listener, ClaimJob.Listener {

    /** Largest packet at any allowed packetization: 100 ms of 8 kHz samples (buffer sizes for audio files). */
    private static final int MAX_PACKET_SAMPLES = 800;
    /** How long an exiting phone waits for its last BYE to be acknowledged. */
    private static final int EXIT_FLUSH_MS = 3000;
    /** Proof-of-work progress reaches the screen at most this often. */
    private static final int PROGRESS_MS = 250;

    private final Log log = new ConsoleLog(System.out);
    private final Command dialCmd = new Command("Call", Command.SCREEN, 1);
    private final Command anonymousCmd = new Command("Call anonymously", Command.SCREEN, 2);
    private final Command numbersCmd = new Command("My numbers", Command.SCREEN, 3);
    private final Command createCmd = new Command("New number", Command.SCREEN, 4);
    private final Command blockCmd = new Command("Block list", Command.SCREEN, 5);
    private final Command exitCmd = new Command("Exit", Command.EXIT, 9);
    private final Command callCmd = new Command("Call", Command.OK, 1);
    private final Command backCmd = new Command("Back", Command.BACK, 2);
    private final Command answerCmd = new Command("Answer", Command.OK, 1);
    private final Command rejectCmd = new Command("Reject", Command.CANCEL, 2);
    private final Command hangupCmd = new Command("Hang up", Command.STOP, 1);
    private final Command voicemailCmd = new Command("Voicemail", Command.SCREEN, 3);
    private final Command linksCmd = new Command("Linked numbers", Command.SCREEN, 6);
    private final Command sipCmd = new Command("New SIP password", Command.ITEM, 5);
    private final Command sipClearCmd = new Command("Remove SIP password", Command.ITEM, 6);
    private final Command useCmd = new Command("Use for calls", Command.ITEM, 1);
    private final Command dumpCmd = new Command("Give up number", Command.ITEM, 3);
    private final Command confirmDumpCmd = new Command("Give up", Command.OK, 1);
    private final Command claimCmd = new Command("Create", Command.OK, 1);
    private final Command cancelCmd = new Command("Cancel", Command.CANCEL, 2);
    private final Command addNumberCmd = new Command("Block a number", Command.SCREEN, 2);
    private final Command addPrefixCmd = new Command("Block a prefix", Command.SCREEN, 3);
    private final Command saveCmd = new Command("Save", Command.OK, 1);
    private final Command addCmd = new Command("Add", Command.OK, 1);

    private Display display;
    private Settings settings;
    private PhoneStore store;
    private Engine engine;
    private VoicemailScreen voicemail;
    private LinksScreen links;
    private Identity identity;
    private boolean started;
    /** The numbers this phone owns ({@link MyNumber}) and the one calls go out from. */
    private final Vector mine = new Vector();
    private String active;

    private Form main;
    private StringItem numberItem;
    private StringItem statusItem;
    private TextBox dialBox;
    private boolean dialAnonymous;
    private Form incomingForm;
    private StringItem incomingItem;
    private Form callForm;
    private StringItem peerItem;
    private StringItem durationItem;
    private StringItem codecItem;
    private StringItem transportItem;
    private StringItem securityItem;
    /** Keys typed during a call go out as DTMF (to an IVR, say); keys the far end pressed show in keysHeardItem. */
    private TextField keysField;
    private int keysSent;
    private StringItem keysHeardItem;
    private List numbersList;
    private List createList;
    private TextBox claimBox;
    private Form workForm;
    private Gauge workGauge;
    private StringItem workItem;
    private ClaimJob job;
    private long progressShown;
    private Form dumpForm;
    private StringItem dumpItem;
    private String dumpNumber;
    private Form blockForm;
    private ChoiceGroup blockEntries;
    private ChoiceGroup blockAnonymous;
    private TextBox blockBox;
    private boolean blockPrefix;
    private MyNumber blockTarget;
    /** The block list sent and not yet answered: sequence, anonymous, numbers, prefixes. */
    private long pendingSequence = -1;
    private boolean pendingAnonymous;
    private String[] pendingNumbers;
    private String[] pendingPrefixes;
    private boolean autoDumpDone;

    protected void startApp() {
        if (started) {
            return;
        }
        started = true;
        display = Display.getDisplay(this);
        settings = Settings.read(new Settings.Source() {
            public String get(String name) {
                return getAppProperty(name);
            }
        }, log);
        buildScreens();
        byte[] key = null;
        byte[] seed = null;
        try {
            store = new PhoneStore();
            key = store.key();
            seed = store.seed();
            active = store.numbers(mine);
        } catch (RecordStoreException e) {
            log.event("error cannot use record store: " + e.getMessage());
        } catch (IOException e) {
            log.event("error stored numbers unreadable: " + e.getMessage());
            mine.removeAllElements();
        }
        if (key != null && seed != null) {
            try {
                start(IdentityKey.decode(key, 0, key.length), KeyMaker.fromSeed(seed, SystemClock.INSTANCE), false);
                return;
            } catch (IdentityException e) {
                log.event("error stored key unusable: " + e.getMessage() + "; making a new one");
                mine.removeAllElements();
            }
        }
        final KeyMaker maker = new KeyMaker(SystemClock.INSTANCE);
        display.setCurrent(maker);
        new Thread(new Runnable() {
            public void run() {
                Drbg random = maker.gather();
                start(IdentityKey.generate(random), random, true);
            }
        }).start();
    }

    /** With the key and a seeded generator: stores both, starts the engine and its threads, goes online. */
    private void start(IdentityKey key, Drbg random, boolean made) {
        try {
            if (store != null) {
                if (made) {
                    store.saveKey(key.encode());
                    store.saveNumbers(mine, active);
                }
                store.saveSeed(KeyMaker.nextSeed(random));
            }
        } catch (RecordStoreException e) {
            log.event("error cannot store the key: " + e.getMessage());
        }
        long offset = 0;
        try {
            offset = store != null ? store.timeOffset() : 0;
        } catch (RecordStoreException e) {
            log.info("stored network time unreadable: " + e.getMessage());
        }
        identity = new Identity(key, random, SystemClock.INSTANCE, offset);
        log.event("identity " + (made ? "new " : "stored ") + identity.fingerprint().replace(' ', '-'));
        String[] owned = new String[mine.size()];
        for (int i = 0; i < owned.length; i++) {
            owned[i] = ((MyNumber) mine.elementAt(i)).number;
        }
        PhoneAudio audio = new PhoneAudio(settings, log, MAX_PACKET_SAMPLES);
        engine = new Engine(settings, new Connectors(log), audio, SystemClock.INSTANCE, log, this, identity, owned,
                active);
        try {
            engine.trustRegistrars(store != null ? store.registrarKeys() : null);
        } catch (RecordStoreException e) {
            log.info("stored registrar keys unreadable: " + e.getMessage());
        }
        try {
            engine.knownRelays(store != null ? store.relays() : null);
        } catch (RecordStoreException e) {
            log.info("stored relays unreadable: " + e.getMessage());
        }
        Mailbox mailbox = new Mailbox(engine, audio, log, settings.autoVoicemail);
        engine.setMailbox(mailbox);
        links = new LinksScreen(display, engine, store, log, main);
        GreetingBox greetings = new GreetingBox(engine, audio, log, settings.autoGreeting);
        mailbox.setGreetings(greetings);
        voicemail = new VoicemailScreen(display, mailbox, greetings, identity, main, new VoicemailScreen.Status() {
            public void show(String text) {
                statusItem.setText(text);
            }
        });
        new Thread(new Runnable() {
            public void run() {
                engine.runTimers();
            }
        }).start();
        new Thread(new Runnable() {
            public void run() {
                engine.runReceiver();
            }
        }).start();
        ui(new Update(Update.READY, null));
        engine.connect();
    }

    protected void pauseApp() {
        // Calls and logins go on in the background; there is nothing to release.
    }

    protected void destroyApp(boolean unconditional) {
        if (engine != null) {
            engine.stop();
        }
        if (store != null) {
            try {
                store.close();
            } catch (RecordStoreException e) {
                log.info("closing the record store failed: " + e.getMessage());
            }
        }
    }

    private void buildScreens() {
        main = new Form("Pippin");
        numberItem = new StringItem("My number", "none yet");
        statusItem = new StringItem("Status", settings.relayHost == null ? "No relay configured"
                : "Relay " + settings.relayHost + ":" + settings.relayPort);
        main.append(numberItem);
        main.append(statusItem);
        commands(main, new Command[] {dialCmd, anonymousCmd, numbersCmd, createCmd, blockCmd, voicemailCmd, linksCmd,
            exitCmd});

        dialBox = new TextBox("Call number", "", Wire.MAX_NUMBER_DIGITS, TextField.PHONENUMBER);
        commands(dialBox, new Command[] {callCmd, backCmd});

        incomingForm = new Form("Incoming call");
        incomingItem = new StringItem(null, "");
        incomingForm.append(incomingItem);
        commands(incomingForm, new Command[] {answerCmd, rejectCmd});

        callForm = new Form("In call");
        peerItem = new StringItem("With", "");
        durationItem = new StringItem("Time", "0:00");
        codecItem = new StringItem("Codec", "");
        transportItem = new StringItem("Network", "");
        securityItem = new StringItem("Voice", "");
        callForm.append(peerItem);
        callForm.append(durationItem);
        callForm.append(securityItem);
        callForm.append(codecItem);
        callForm.append(transportItem);
        keysField = new TextField("Keys", "", 32, TextField.PHONENUMBER);
        keysHeardItem = new StringItem("Keys heard", "");
        callForm.append(keysField);
        callForm.append(keysHeardItem);
        callForm.setItemStateListener(new ItemStateListener() {
            public void itemStateChanged(Item item) {
                sendTypedKeys();
            }
        });
        commands(callForm, new Command[] {hangupCmd});

        numbersList = new List("My numbers", Choice.IMPLICIT);
        numbersList.setSelectCommand(useCmd);
        commands(numbersList, new Command[] {dumpCmd, blockCmd, linksCmd, sipCmd, sipClearCmd, backCmd});

        createList = new List("New number", Choice.IMPLICIT, new String[] {"A number I choose", "A random number"},
                null);
        commands(createList, new Command[] {backCmd});
        claimBox = new TextBox("Number wanted", "", Wire.MAX_NUMBER_DIGITS, TextField.PHONENUMBER);
        commands(claimBox, new Command[] {claimCmd, backCmd});
        workForm = new Form("Creating number");
        workGauge = new Gauge("Proof of work", false, 100, 0);
        workItem = new StringItem(null, "");
        workForm.append(new StringItem(null, "The network asks for some work against squatters. This takes up"
                + " to a minute; you can go on using the phone."));
        workForm.append(workGauge);
        workForm.append(workItem);
        commands(workForm, new Command[] {backCmd, cancelCmd});

        dumpForm = new Form("Give up number");
        dumpItem = new StringItem(null, "");
        dumpForm.append(dumpItem);
        commands(dumpForm, new Command[] {confirmDumpCmd, cancelCmd});

        blockForm = new Form("Block list");
        blockEntries = new ChoiceGroup("Blocked (untick to unblock)", Choice.MULTIPLE);
        blockAnonymous = new ChoiceGroup(null, Choice.MULTIPLE, new String[] {"Block anonymous callers"}, null);
        blockForm.append(blockAnonymous);
        blockForm.append(blockEntries);
        commands(blockForm, new Command[] {saveCmd, addNumberCmd, addPrefixCmd, backCmd});
        blockBox = new TextBox("Block", "", Wire.MAX_NUMBER_DIGITS, TextField.PHONENUMBER);
        commands(blockBox, new Command[] {addCmd, backCmd});
    }

    private void commands(Displayable d, Command[] cmds) {
        for (int i = 0; i < cmds.length; i++) {
            d.addCommand(cmds[i]);
        }
        d.setCommandListener(this);
    }

    public void commandAction(Command c, Displayable d) {
        if (engine == null) {
            return;
        }
        if (c == dialCmd || c == anonymousCmd) {
            dialAnonymous = c == anonymousCmd;
            dialBox.setTitle(dialAnonymous ? "Call anonymously" : "Call number");
            display.setCurrent(dialBox);
        } else if (c == callCmd) {
            String callee = dialBox.getString().trim();
            if (!Numbers.isValid(callee) || callee.length() == 0) {
                showMessage("Not a valid number", AlertType.ERROR);
                return;
            }
            display.setCurrent(main);
            engine.dial(callee, dialAnonymous);
        } else if (c == voicemailCmd) {
            voicemail.show(active);
        } else if (c == backCmd) {
            display.setCurrent(d == blockBox ? (Displayable) blockForm : d == claimBox ? (Displayable) createList : main);
        } else if (c == answerCmd) {
            engine.answer();
        } else if (c == rejectCmd) {
            engine.reject();
        } else if (c == hangupCmd) {
            engine.hangup();
        } else if (c == numbersCmd) {
            display.setCurrent(numbersList);
        } else if (c == useCmd) {
            MyNumber n = selected();
            if (n != null) {
                engine.use(n.number);
                display.setCurrent(main);
            }
        } else if (c == dumpCmd) {
            confirmDump(selected());
        } else if (c == confirmDumpCmd) {
            display.setCurrent(main);
            engine.release(dumpNumber);
        } else if (c == cancelCmd) {
            if (d == workForm && job != null) {
                job.cancel();
            }
            display.setCurrent(main);
        } else if (c == createCmd) {
            display.setCurrent(job != null ? (Displayable) workForm : createList);
        } else if (c == List.SELECT_COMMAND && d == createList) {
            if (createList.getSelectedIndex() == 0) {
                display.setCurrent(claimBox);
            } else {
                engine.claim(Claim.RANDOM, "");
                display.setCurrent(main);
            }
        } else if (c == claimCmd) {
            String wanted = claimBox.getString().trim();
            if (!Numbers.isValid(wanted) || wanted.length() == 0) {
                showMessage("Not a valid number", AlertType.ERROR);
                return;
            }
            engine.claim(Claim.SPECIFIC, wanted);
            display.setCurrent(main);
        } else if (c == sipCmd || c == sipClearCmd) {
            MyNumber n = selected();
            if (n != null) {
                engine.sipPassword(n.number, c == sipCmd);
                display.setCurrent(main);
            }
        } else if (c == linksCmd) {
            MyNumber n = d == numbersList ? selected() : find(active);
            links.show(n != null ? n.number : null);
        } else if (c == blockCmd) {
            editBlockList(d == numbersList ? selected() : find(active));
        } else if (c == addNumberCmd || c == addPrefixCmd) {
            blockPrefix = c == addPrefixCmd;
            blockBox.setTitle(blockPrefix ? "Block numbers starting" : "Block number");
            blockBox.setString("");
            display.setCurrent(blockBox);
        } else if (c == addCmd) {
            addBlockEntry(blockBox.getString().trim());
        } else if (c == saveCmd) {
            saveBlockList();
        } else if (c == exitCmd) {
            destroyApp(true);
            notifyDestroyed();
        }
    }

    private MyNumber selected() {
        int i = numbersList.getSelectedIndex();
        return i < 0 || i >= mine.size() ? null : (MyNumber) mine.elementAt(i);
    }

    private MyNumber find(String number) {
        for (int i = 0; i < mine.size(); i++) {
            MyNumber n = (MyNumber) mine.elementAt(i);
            if (n.number.equals(number)) {
                return n;
            }
        }
        return null;
    }

    private void confirmDump(MyNumber n) {
        if (n == null) {
            return;
        }
        dumpNumber = n.number;
        dumpItem.setText("Give up " + n.number + "? Nobody can call you on it any more, and nobody can take it "
                + "for the network's quarantine time. This cannot be undone.");
        display.setCurrent(dumpForm);
    }

    private void editBlockList(MyNumber n) {
        if (n == null) {
            showMessage("No number yet", AlertType.INFO);
            return;
        }
        blockTarget = n;
        blockForm.setTitle("Block list of " + n.number);
        blockEntries.deleteAll();
        for (int i = 0; i < n.blocked.size(); i++) {
            blockEntries.setSelectedIndex(blockEntries.append((String) n.blocked.elementAt(i), null), true);
        }
        for (int i = 0; i < n.prefixes.size(); i++) {
            blockEntries.setSelectedIndex(blockEntries.append(n.prefixes.elementAt(i) + "...", null), true);
        }
        blockAnonymous.setSelectedIndex(0, n.blockAnonymous);
        display.setCurrent(blockForm);
    }

    private void addBlockEntry(String entry) {
        if (!Numbers.isValid(entry) || entry.length() == 0) {
            showMessage("Not a valid number", AlertType.ERROR);
            return;
        }
        if (blockEntries.size() >= BlockList.MAX_ENTRIES) {
            showMessage("At most " + BlockList.MAX_ENTRIES + " entries", AlertType.ERROR);
            return;
        }
        blockEntries.setSelectedIndex(blockEntries.append(blockPrefix ? entry + "..." : entry, null), true);
        display.setCurrent(blockForm);
    }

    /** Sends the ticked entries as the number's new signed block list; stored once the network accepts it. */
    private void saveBlockList() {
        Vector numbers = new Vector();
        Vector prefixes = new Vector();
        for (int i = 0; i < blockEntries.size(); i++) {
            if (blockEntries.isSelected(i)) {
                String e = blockEntries.getString(i);
                if (e.endsWith("...")) {
                    prefixes.addElement(e.substring(0, e.length() - 3));
                } else {
                    numbers.addElement(e);
                }
            }
        }
        pendingAnonymous = blockAnonymous.isSelected(0);
        pendingNumbers = MyNumber.strings(numbers);
        pendingPrefixes = MyNumber.strings(prefixes);
        pendingSequence = engine.sendBlockList(blockTarget.number, blockTarget.blockSequence, pendingAnonymous,
                pendingNumbers, pendingPrefixes);
        display.setCurrent(main);
    }

    private void showMessage(String text, AlertType type) {
        Alert a = new Alert("Pippin", text, null, type);
        a.setTimeout(3000);
        display.setCurrent(a, main);
    }

    private void saveNumbers() {
        if (store == null) {
            return;
        }
        try {
            store.saveNumbers(mine, active);
            // Every record that teaches the network's time comes with a change of numbers.
            store.saveTimeOffset(identity.offsetSeconds());
        } catch (RecordStoreException e) {
            log.event("error cannot store numbers: " + e.getMessage());
        }
    }

    // ---- ClaimJob.Listener: on the proof-of-work thread ----

    public void progress(ClaimJob j, long tries, long expected) {
        long now = SystemClock.INSTANCE.nowMillis();
        if (now - progressShown >= PROGRESS_MS) {
            progressShown = now;
            Update u = new Update(Update.WORK, tries + " hashes, about " + expected + " expected");
            // Twice the expected count fills the bar: most claims are done by then.
            u.number = (int) Math.min(99, tries * 50 / expected);
            ui(u);
        }
    }

    public void solved(ClaimJob j, byte[] record) {
        job = null;
        engine.claimSolved(j, record);
    }

    public void cancelled(ClaimJob j) {
        job = null;
        engine.claimCancelled(j);
    }

    // ---- Engine.Listener: called on engine threads, handed to the UI thread ----

    public void claimWork(final ClaimJob j) {
        job = j;
        ui(new Update(Update.WORK_STARTED, "Starting"));
        Thread t = new Thread(new Runnable() {
            public void run() {
                j.run(PippinMIDlet.this);
            }
        });
        // The work yields to the screens and the call threads.
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    public void numbersChanged(String[] numbers, String activeNumber) {
        Vector next = new Vector();
        for (int i = 0; i < numbers.length; i++) {
            MyNumber n = find(numbers[i]);
            next.addElement(n != null ? n : new MyNumber(numbers[i]));
        }
        Update u = new Update(Update.NUMBERS, activeNumber);
        u.numbers = next;
        ui(u);
    }

    public void result(int request, String number, int outcome, String why) {
        Update u = new Update(Update.RESULT, why);
        u.number = outcome;
        u.detail = number;
        u.request = request;
        ui(u);
    }

    public void status(String text) {
        ui(new Update(Update.STATUS, text));
    }

    public void incoming(int callId, String caller, int callerKind, boolean endToEnd) {
        String who = callerKind == Engine.ANONYMOUS ? "Anonymous"
                : caller + (callerKind == Engine.VERIFIED ? " (verified)" : " (number not verified)");
        ui(new Update(Update.INCOMING, who + (endToEnd ? "" : "\nnot end-to-end encrypted")));
    }

    public void callStarted(int callId, String peer, int codec, int ptime, int transport, boolean endToEnd) {
        Update u = new Update(Update.STARTED, peer);
        u.detail = Wire.codecName(codec) + " " + ptime + " ms";
        u.number = transport;
        u.request = endToEnd ? 1 : 0;
        ui(u);
    }

    public void callProgress(int callId, int seconds) {
        Update u = new Update(Update.PROGRESS, null);
        u.number = seconds;
        ui(u);
    }

    public void dtmf(int callId, char key) {
        ui(new Update(Update.KEY_HEARD, String.valueOf(key)));
    }

    /** The keys typed since the last change go out as DTMF; a deleted key cannot be unsent. */
    private void sendTypedKeys() {
        String typed = keysField.getString();
        for (int i = keysSent; i < typed.length(); i++) {
            engine.sendDtmf(typed.charAt(i));
        }
        keysSent = typed.length();
    }

    public void callEnded(int callId, String why) {
        ui(new Update(Update.ENDED, why));
        if (settings.autoDumpAfterCall && !autoDumpDone && active != null) {
            // Test mode: the number is given up; the phone exits once the network has answered.
            autoDumpDone = true;
            engine.release(active);
        } else if (settings.exitAfterCall) {
            engine.stopWhenFlushed(EXIT_FLUSH_MS);
        }
    }

    public void refused(String why) {
        ui(new Update(Update.REFUSED, why));
    }

    public void registrarsTrusted(byte[][] keys) {
        if (store == null) {
            return;
        }
        try {
            store.saveRegistrarKeys(keys);
        } catch (RecordStoreException e) {
            log.event("error cannot store registrar keys: " + e.getMessage());
        }
    }

    public void relaysLearnt(byte[] record) {
        if (store == null) {
            return;
        }
        try {
            store.saveRelays(record);
        } catch (RecordStoreException e) {
            log.event("error cannot store relays: " + e.getMessage());
        }
    }

    public void probing(Transport[] transports) {
        RelayWorkers.readProbes(engine, transports);
    }

    public void fetchRelays(String url) {
        RelayWorkers.fetch(engine, url);
    }

    public void stopped() {
        log.info("exiting after the call (Pippin-Exit-After-Call)");
        destroyApp(true);
        notifyDestroyed();
    }

    private void ui(Update u) {
        display.callSerially(u);
    }

    /** One engine event, applied to the screens and the store on the UI thread. */
    private final class Update implements Runnable {
        static final int STATUS = 0;
        static final int INCOMING = 1;
        static final int STARTED = 2;
        static final int PROGRESS = 3;
        static final int ENDED = 4;
        static final int REFUSED = 5;
        static final int READY = 6;
        static final int WORK = 7;
        static final int NUMBERS = 8;
        static final int RESULT = 9;
        static final int WORK_STARTED = 10;
        static final int KEY_HEARD = 11;

        final int kind;
        final String text;
        String detail;
        int number;
        int request;
        Vector numbers;

        Update(int kind, String text) {
            this.kind = kind;
            this.text = text;
        }

        public void run() {
            switch (kind) {
                case STATUS:
                    statusItem.setText(text);
                    break;
                case READY:
                    showNumbers();
                    display.setCurrent(main);
                    break;
                case INCOMING:
                    incomingItem.setText("Call from " + text);
                    display.setCurrent(incomingForm);
                    AlertType.ALARM.playSound(display);
                    break;
                case STARTED:
                    peerItem.setText(text);
                    durationItem.setText("0:00");
                    codecItem.setText(detail);
                    securityItem.setText(request == 1 ? "End-to-end encrypted" : "Not end-to-end encrypted");
                    transportItem.setText(number == Transport.TCP ? "TCP" : "UDP");
                    keysField.setString("");
                    keysSent = 0;
                    keysHeardItem.setText("");
                    display.setCurrent(callForm);
                    break;
                case KEY_HEARD:
                    keysHeardItem.setText(keysHeardItem.getText() + text);
                    break;
                case PROGRESS:
                    durationItem.setText(number / 60 + ":" + (number % 60 < 10 ? "0" : "") + number % 60);
                    break;
                case REFUSED:
                    // Stays until dismissed: it asks the person to do something (another network, another number).
                    Alert a = new Alert("Pippin", text, null, AlertType.ERROR);
                    a.setTimeout(Alert.FOREVER);
                    display.setCurrent(a, main);
                    break;
                case WORK_STARTED:
                    display.setCurrent(workForm);
                    workItem.setText(text);
                    workGauge.setValue(0);
                    break;
                case WORK:
                    workItem.setText(text);
                    workGauge.setValue(number);
                    break;
                case NUMBERS:
                    mine.removeAllElements();
                    for (int i = 0; i < numbers.size(); i++) {
                        mine.addElement(numbers.elementAt(i));
                    }
                    active = text;
                    saveNumbers();
                    showNumbers();
                    break;
                case RESULT:
                    result();
                    break;
                default:
                    showMessage(text, AlertType.INFO);
                    break;
            }
        }

        private void result() {
            boolean ok = number == Wire.RESULT_OK || number == Wire.RESULT_GRANTED || number == Wire.RESULT_REPLAYED;
            if (request == Wire.SIP_PASSWORD) {
                // The password is shown once: the alert stays until dismissed.
                Alert a = new Alert("SIP password", text, null, ok ? AlertType.CONFIRMATION : AlertType.ERROR);
                a.setTimeout(Alert.FOREVER);
                display.setCurrent(a, main);
            } else if (request == Wire.LINKS || request == Wire.LINK_CHECK) {
                links.result(request, detail, number, text);
            } else if (request == Wire.BLOCKLIST) {
                MyNumber n = find(detail);
                if (ok && n != null && pendingSequence >= 0) {
                    n.blockSequence = pendingSequence;
                    n.blockAnonymous = pendingAnonymous;
                    copy(pendingNumbers, n.blocked);
                    copy(pendingPrefixes, n.prefixes);
                    saveNumbers();
                }
                pendingSequence = -1;
                showMessage(ok ? "Block list of " + detail + " saved" : "Block list not saved: " + text,
                        ok ? AlertType.CONFIRMATION : AlertType.ERROR);
            } else if (request == Wire.RELEASE) {
                showMessage(ok ? detail + " given up" : "Could not give up " + detail + ": " + text,
                        ok ? AlertType.CONFIRMATION : AlertType.ERROR);
                if (autoDumpDone && settings.exitAfterCall) {
                    engine.stopWhenFlushed(EXIT_FLUSH_MS);
                }
            } else {
                workGauge.setValue(ok ? 100 : 0);
                showMessage(ok ? "Your new number: " + detail : text, ok ? AlertType.CONFIRMATION : AlertType.ERROR);
            }
        }
    }

    private static void copy(String[] from, Vector to) {
        to.removeAllElements();
        for (int i = 0; i < from.length; i++) {
            to.addElement(from[i]);
        }
    }

    private void showNumbers() {
        numberItem.setText(active != null ? active : "none yet: choose New number");
        numbersList.deleteAll();
        for (int i = 0; i < mine.size(); i++) {
            String n = ((MyNumber) mine.elementAt(i)).number;
            numbersList.append(n.equals(active) ? n + " (calls from)" : n, null);
        }
    }
}
