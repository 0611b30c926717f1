package org.pippin.midlet;

import javax.microedition.lcdui.Alert;
import javax.microedition.lcdui.AlertType;
import javax.microedition.lcdui.Command;
import javax.microedition.lcdui.CommandListener;
import javax.microedition.lcdui.Display;
import javax.microedition.lcdui.Displayable;
import javax.microedition.lcdui.Form;
import javax.microedition.lcdui.StringItem;
import javax.microedition.lcdui.TextBox;
import javax.microedition.lcdui.TextField;
import javax.microedition.midlet.MIDlet;
import javax.microedition.rms.RecordStoreException;

import org.pippin.protocol.Numbers;
import org.pippin.protocol.SystemClock;
import org.pippin.protocol.Wire;

/**
 * The Pippin phone: set your number, register with a relay, call and be called.
 *
 * <p>Two threads serve the {@link Engine}: one blocks on the network, one runs its timers. Engine events reach
 * the screens through {@link Display#callSerially}, so LCDUI is only touched from the UI thread.
 * Test mode (JAD attributes Pippin-Auto-*) drives the same engine without a user.
 */
public final class PippinMIDlet extends MIDlet implements CommandListener, Engine.Listener {

    /** Largest packet at any allowed packetization: 100 ms of 8 kHz samples (buffer sizes for audio files). */
    private static final int MAX_PACKET_SAMPLES = 800;
    /** How long an exiting phone waits for its last BYE to be acknowledged. */
    private static final int EXIT_FLUSH_MS = 3000;

    private final Log log = new ConsoleLog(System.out);
    private final Command registerCmd = new Command("Register", Command.SCREEN, 1);
    private final Command dialCmd = new Command("Call", Command.SCREEN, 2);
    private final Command exitCmd = new Command("Exit", Command.EXIT, 9);
    private final Command callCmd = new Command("Call", Command.OK, 1);
    private final Command backCmd = new Command("Back", Command.BACK, 2);
    private final Command answerCmd = new Command("Answer", Command.OK, 1);
    private final Command rejectCmd = new Command("Reject", Command.CANCEL, 2);
    private final Command hangupCmd = new Command("Hang up", Command.STOP, 1);
    private final Command voicemailCmd = new Command("Voicemail", Command.SCREEN, 3);

    private Display display;
    private Settings settings;
    private DeviceStore store;
    private byte[] secret;
    private Engine engine;
    private VoicemailScreen voicemail;
    private boolean started;

    private Form main;
    private StringItem statusItem;
    private TextField numberField;
    private TextBox dialBox;
    private Form incomingForm;
    private StringItem incomingItem;
    private Form callForm;
    private StringItem peerItem;
    private StringItem durationItem;
    private StringItem codecItem;
    private StringItem transportItem;

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
        String number = settings.number;
        SecretGenerator generator = new SecretGenerator(SystemClock.INSTANCE);
        try {
            store = new DeviceStore();
            if (number == null) {
                number = store.number();
            }
            secret = settings.secret != null ? settings.secret : store.secret(generator);
        } catch (RecordStoreException e) {
            log.event("error cannot use record store: " + e.getMessage());
            secret = settings.secret != null ? settings.secret : generator.generate();
        }
        buildScreens(number);
        PhoneAudio audio = new PhoneAudio(settings, log, MAX_PACKET_SAMPLES);
        engine = new Engine(settings, new Connectors(log), audio, SystemClock.INSTANCE, log, this,
                System.currentTimeMillis() ^ seedFrom(secret));
        Mailbox mailbox = new Mailbox(engine, audio, log, settings.autoVoicemail);
        engine.setMailbox(mailbox);
        voicemail = new VoicemailScreen(display, mailbox, main, new VoicemailScreen.Status() {
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
        display.setCurrent(main);
        if (settings.autoRegister) {
            register();
        }
    }

    protected void pauseApp() {
        // Calls and registration go on in the background; there is nothing to release.
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

    private void buildScreens(String number) {
        main = new Form("Pippin");
        statusItem = new StringItem("Status", settings.relayHost == null ? "No relay configured"
                : "Relay " + settings.relayHost + ":" + settings.relayPort);
        numberField = new TextField("My number", number == null ? "" : number, Wire.MAX_NUMBER_DIGITS,
                TextField.PHONENUMBER);
        main.append(numberField);
        main.append(statusItem);
        main.addCommand(registerCmd);
        main.addCommand(dialCmd);
        main.addCommand(voicemailCmd);
        main.addCommand(exitCmd);
        main.setCommandListener(this);

        dialBox = new TextBox("Call number", "", Wire.MAX_NUMBER_DIGITS, TextField.PHONENUMBER);
        dialBox.addCommand(callCmd);
        dialBox.addCommand(backCmd);
        dialBox.setCommandListener(this);

        incomingForm = new Form("Incoming call");
        incomingItem = new StringItem(null, "");
        incomingForm.append(incomingItem);
        incomingForm.addCommand(answerCmd);
        incomingForm.addCommand(rejectCmd);
        incomingForm.setCommandListener(this);

        callForm = new Form("In call");
        peerItem = new StringItem("With", "");
        durationItem = new StringItem("Time", "0:00");
        codecItem = new StringItem("Codec", "");
        transportItem = new StringItem("Network", "");
        callForm.append(peerItem);
        callForm.append(durationItem);
        callForm.append(codecItem);
        callForm.append(transportItem);
        callForm.addCommand(hangupCmd);
        callForm.setCommandListener(this);
    }

    public void commandAction(Command c, Displayable d) {
        if (c == registerCmd) {
            register();
        } else if (c == dialCmd) {
            display.setCurrent(dialBox);
        } else if (c == callCmd) {
            String callee = dialBox.getString().trim();
            if (!Numbers.isValid(callee)) {
                showMessage("Not a valid number", AlertType.ERROR);
                return;
            }
            display.setCurrent(main);
            engine.dial(callee);
        } else if (c == voicemailCmd) {
            voicemail.show(numberField.getString().trim());
        } else if (c == backCmd) {
            display.setCurrent(main);
        } else if (c == answerCmd) {
            engine.answer();
        } else if (c == rejectCmd) {
            engine.reject();
        } else if (c == hangupCmd) {
            engine.hangup();
        } else if (c == exitCmd) {
            destroyApp(true);
            notifyDestroyed();
        }
    }

    private void register() {
        String number = numberField.getString().trim();
        if (!Numbers.isValid(number) || number.length() == 0) {
            log.event("error no valid number to register");
            showMessage("Enter your number first", AlertType.ERROR);
            return;
        }
        if (store != null) {
            try {
                store.saveNumber(number);
            } catch (RecordStoreException e) {
                log.info("saving the number failed: " + e.getMessage());
            }
        }
        engine.register(number, secret);
    }

    private void showMessage(String text, AlertType type) {
        Alert a = new Alert("Pippin", text, null, type);
        a.setTimeout(3000);
        display.setCurrent(a, main);
    }

    // ---- Engine.Listener: called on engine threads, handed to the UI thread ----

    public void status(String text) {
        ui(new Update(Update.STATUS, text));
    }

    public void incoming(int callId, String caller) {
        ui(new Update(Update.INCOMING, caller));
    }

    public void callStarted(int callId, String peer, int codec, int ptime, int transport) {
        Update u = new Update(Update.STARTED, peer);
        u.detail = Wire.codecName(codec) + " " + ptime + " ms";
        u.number = transport;
        ui(u);
    }

    public void callProgress(int callId, int seconds) {
        Update u = new Update(Update.PROGRESS, null);
        u.number = seconds;
        ui(u);
    }

    public void callEnded(int callId, String why) {
        ui(new Update(Update.ENDED, why));
        if (settings.exitAfterCall) {
            engine.stopWhenFlushed(EXIT_FLUSH_MS);
        }
    }

    public void refused(String why) {
        ui(new Update(Update.REFUSED, why));
    }

    public void stopped() {
        log.info("exiting after the call (Pippin-Exit-After-Call)");
        destroyApp(true);
        notifyDestroyed();
    }

    private void ui(Update u) {
        display.callSerially(u);
    }

    /** One engine event, applied to the screens on the UI thread. */
    private final class Update implements Runnable {
        static final int STATUS = 0;
        static final int INCOMING = 1;
        static final int STARTED = 2;
        static final int PROGRESS = 3;
        static final int ENDED = 4;
        static final int REFUSED = 5;

        final int kind;
        final String text;
        String detail;
        int number;

        Update(int kind, String text) {
            this.kind = kind;
            this.text = text;
        }

        public void run() {
            switch (kind) {
                case STATUS:
                    statusItem.setText(text);
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
                    transportItem.setText(number == Transport.TCP ? "TCP" : "UDP");
                    display.setCurrent(callForm);
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
                default:
                    showMessage(text, AlertType.INFO);
                    break;
            }
        }
    }

    private static long seedFrom(byte[] b) {
        long s = 0;
        for (int i = 0; i < b.length; i++) {
            s = s * 31 + b[i];
        }
        return s;
    }
}
