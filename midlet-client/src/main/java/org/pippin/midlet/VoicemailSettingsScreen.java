package org.pippin.midlet;

import javax.microedition.lcdui.ChoiceGroup;
import javax.microedition.lcdui.Command;
import javax.microedition.lcdui.CommandListener;
import javax.microedition.lcdui.Display;
import javax.microedition.lcdui.Displayable;
import javax.microedition.lcdui.Form;
import javax.microedition.lcdui.StringItem;
import javax.microedition.lcdui.TextField;

import org.pippin.identity.VoicemailSettings;

/**
 * The owner's voicemail settings, signed with the owner key and sent as VM_SETTINGS: the email address messages go
 * to (and whether to delete them once emailed), how long the phone rings before voicemail answers (5-120 s, empty
 * for the relay's default) and whether the owner's own greetings play. The relay's answer shows at the bottom.
 */
final class VoicemailSettingsScreen implements CommandListener, GreetingBox.Listener {

    private final Display display;
    private final GreetingBox box;
    private final Identity identity;
    private final Displayable back;
    private final Form form = new Form("Voicemail settings");
    private final TextField email = new TextField("Email address", "", 100, TextField.EMAILADDR);
    private final ChoiceGroup emailFlags = new ChoiceGroup("Email", ChoiceGroup.MULTIPLE,
        new String[] {"Email each message", "Delete it once emailed"}, null);
    private final TextField ring = new TextField("Ring time (5-120 s)", "", 3, TextField.NUMERIC);
    private final ChoiceGroup greeting = new ChoiceGroup("Greeting", ChoiceGroup.EXCLUSIVE,
        new String[] {"My own, if sent", "The default"}, null);
    private final StringItem result = new StringItem(null, "");
    private final Command saveCmd = new Command("Save", Command.OK, 1);
    private final Command backCmd = new Command("Back", Command.BACK, 2);
    private String owner;

    VoicemailSettingsScreen(Display display, GreetingBox box, Identity identity, Displayable back) {
        this.display = display;
        this.box = box;
        this.identity = identity;
        this.back = back;
        form.append(email);
        form.append(emailFlags);
        form.append(ring);
        form.append(greeting);
        form.append(result);
        form.addCommand(saveCmd);
        form.addCommand(backCmd);
        form.setCommandListener(this);
        box.setSettingsListener(this);
    }

    void show(String owner) {
        this.owner = owner;
        result.setText("");
        display.setCurrent(form);
    }

    /** The relay's answer to the settings (engine thread): shown on the UI thread. */
    public void greetingStatus(final String text) {
        display.callSerially(new Runnable() {
            public void run() {
                result.setText(text);
            }
        });
    }

    public void commandAction(Command c, Displayable d) {
        if (c == backCmd) {
            display.setCurrent(back);
            return;
        }
        if (c != saveCmd || owner == null) {
            return;
        }
        String address = email.getString().trim();
        int flags = (emailFlags.isSelected(0) ? VoicemailSettings.FLAG_EMAIL : 0)
            | (emailFlags.isSelected(1) ? VoicemailSettings.FLAG_DELETE_AFTER_EMAIL : 0);
        int seconds = 0;
        String r = ring.getString().trim();
        if (r.length() > 0) {
            seconds = Integer.parseInt(r); // NUMERIC: digits only
            if (seconds < 5 || seconds > 120) {
                result.setText("Ring time: 5 to 120 s");
                return;
            }
        }
        int choice = greeting.getSelectedIndex() == 1 ? VoicemailSettings.GREETING_DEFAULT
            : VoicemailSettings.GREETING_OWN;
        byte[] record;
        try {
            record = identity.voicemailSettings(owner, flags, seconds, choice, address);
        } catch (IllegalArgumentException e) {
            result.setText(e.getMessage());
            return;
        }
        result.setText(box.sendSettings(record) ? "Saving..." : "Not connected");
    }
}
