package org.pippin.midlet;

import javax.microedition.lcdui.Alert;
import javax.microedition.lcdui.AlertType;
import javax.microedition.lcdui.Command;
import javax.microedition.lcdui.CommandListener;
import javax.microedition.lcdui.Display;
import javax.microedition.lcdui.Displayable;
import javax.microedition.lcdui.List;

import org.pippin.protocol.VmListing;

/**
 * The voicemail screen: the owner's messages, newest first, one line each ({@code * 555 14:02 0:12}, the star
 * marking a new one), with Play, Delete, Refresh, Greetings (the owner's own, {@link GreetingScreen}), Settings
 * ({@link VoicemailSettingsScreen}) and Back. Mailbox events arrive on engine threads and are applied
 * here on the UI thread through {@link Display#callSerially}.
 */
final class VoicemailScreen implements CommandListener, Mailbox.Listener {

    private final Display display;
    private final Mailbox mailbox;
    private final Displayable back;
    private final Status status;
    private final List list = new List("Voicemail", List.IMPLICIT);
    private final Command playCmd = new Command("Play", Command.ITEM, 1);
    private final Command deleteCmd = new Command("Delete", Command.ITEM, 2);
    private final Command refreshCmd = new Command("Refresh", Command.SCREEN, 3);
    private final Command greetingsCmd = new Command("Greetings", Command.SCREEN, 4);
    private final Command settingsCmd = new Command("Settings", Command.SCREEN, 5);
    private final Command backCmd = new Command("Back", Command.BACK, 6);
    private final GreetingScreen greetings;
    private final VoicemailSettingsScreen settings;
    private String owner;
    /** Message ids in the order of the list's lines. */
    private long[] ids = new long[0];

    /** Where the message-waiting line goes (the main screen's status). */
    interface Status {
        void show(String text);
    }

    VoicemailScreen(Display display, Mailbox mailbox, GreetingBox box, Identity identity, Displayable back,
            Status status) {
        this.display = display;
        this.mailbox = mailbox;
        this.back = back;
        this.status = status;
        this.greetings = new GreetingScreen(display, box, list);
        this.settings = new VoicemailSettingsScreen(display, box, identity, list);
        list.addCommand(playCmd);
        list.addCommand(deleteCmd);
        list.addCommand(refreshCmd);
        list.addCommand(greetingsCmd);
        list.addCommand(settingsCmd);
        list.addCommand(backCmd);
        list.setSelectCommand(playCmd);
        list.setCommandListener(this);
        mailbox.setListener(this);
    }

    /** Shows the screen and asks the relay for {@code owner}'s messages. */
    void show(String owner) {
        this.owner = owner;
        display.setCurrent(list);
        mailbox.list(owner);
    }

    public void commandAction(Command c, Displayable d) {
        int i = list.getSelectedIndex();
        if (c == backCmd) {
            display.setCurrent(back);
        } else if (c == refreshCmd && owner != null) {
            mailbox.list(owner);
        } else if (c == greetingsCmd && owner != null) {
            greetings.show(owner);
        } else if (c == settingsCmd && owner != null) {
            settings.show(owner);
        } else if (c == playCmd && i >= 0 && i < ids.length) {
            if (!mailbox.play(ids[i])) {
                alert("Still fetching the last message");
            }
        } else if (c == deleteCmd && i >= 0 && i < ids.length) {
            mailbox.delete(ids[i]);
        }
    }

    private void alert(String text) {
        Alert a = new Alert("Voicemail", text, null, AlertType.INFO);
        a.setTimeout(2000);
        display.setCurrent(a, list);
    }

    // ---- Mailbox.Listener (engine threads) ----

    public void waiting(final String who, final int newCount, final int total) {
        display.callSerially(new Runnable() {
            public void run() {
                owner = who;
                status.show(newCount > 0 ? newCount + " new voicemail (" + total + ")" : total + " voicemail");
            }
        });
    }

    public void listed(final VmListing l) {
        display.callSerially(new Runnable() {
            public void run() {
                list.deleteAll();
                long[] shown = new long[l.count()];
                for (int i = 0; i < l.count(); i++) {
                    shown[i] = l.id(i);
                    list.append(line(l, i), null);
                }
                ids = shown;
            }
        });
    }

    public void played(long id, final boolean ok, final String why) {
        display.callSerially(new Runnable() {
            public void run() {
                if (!ok) {
                    alert("Cannot play: " + why);
                } else if (owner != null) {
                    mailbox.list(owner); // it is heard now
                }
            }
        });
    }

    public void deleted(final boolean ok) {
        display.callSerially(new Runnable() {
            public void run() {
                if (!ok) {
                    alert("Already deleted");
                }
                if (owner != null) {
                    mailbox.list(owner);
                }
            }
        });
    }

    /** {@code * 555 14:02 0:12}: new mark, caller, time of day (UTC), length. */
    static String line(VmListing l, int i) {
        long t = l.time(i) % 86400;
        int d = l.duration(i);
        return (l.isNew(i) ? "* " : "  ") + (l.caller(i).length() == 0 ? "anonymous" : l.caller(i)) + " "
            + two((int) (t / 3600)) + ":" + two((int) (t / 60 % 60)) + " " + d / 60 + ":" + two(d % 60);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : String.valueOf(v);
    }
}
