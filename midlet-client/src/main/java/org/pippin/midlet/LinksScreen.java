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
import javax.microedition.lcdui.List;
import javax.microedition.lcdui.TextBox;
import javax.microedition.lcdui.TextField;
import javax.microedition.rms.RecordStoreException;

import org.pippin.identity.LinkCheck;
import org.pippin.identity.LinkedNumbers;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.Wire;

/**
 * The linked numbers of one owned number: the list (untick to remove), Add, ring all at once or one after another
 * with the seconds each rings, Save (a signed LINKS), and for external numbers Verify (the relay calls the number
 * with a code) and the code the owner saw (LINK_CHECK). The list is kept in the record store once the network
 * accepted it, since the relay does not send it back. Runs on the UI thread; {@link #result} is called there too.
 */
final class LinksScreen implements CommandListener {

    private final Display display;
    private final Engine engine;
    private final PhoneStore store;
    private final Log log;
    private final Displayable back;
    /** Every owned number's {@link LinkedSet}. */
    private final Vector sets = new Vector();

    private final Form form = new Form("Linked numbers");
    private final ChoiceGroup entries = new ChoiceGroup("Linked (untick to remove)", Choice.MULTIPLE);
    private final ChoiceGroup rule = new ChoiceGroup("Ring", Choice.EXCLUSIVE,
            new String[] {"all at once", "one after another"}, null);
    private final TextField step = new TextField("Seconds each (one after another)", "", 3, TextField.NUMERIC);
    private final TextBox addBox = new TextBox("Link number (+ for outside)", "", Wire.MAX_NUMBER_DIGITS + 1,
            TextField.PHONENUMBER);
    private final List verifyList = new List("Verify which?", Choice.IMPLICIT);
    private final TextBox codeBox = new TextBox("Code", "", LinkCheck.MAX_CODE, TextField.NUMERIC);
    private final Command saveCmd = new Command("Save", Command.OK, 1);
    private final Command addCmd = new Command("Link a number", Command.SCREEN, 2);
    private final Command verifyCmd = new Command("Verify outside number", Command.SCREEN, 3);
    private final Command codeCmd = new Command("Enter code", Command.SCREEN, 4);
    private final Command okCmd = new Command("OK", Command.OK, 1);
    private final Command backCmd = new Command("Back", Command.BACK, 5);

    private LinkedSet shown;
    /** The list sent and not yet answered (null: none): its sequence, rule, step and numbers. */
    private String[] pendingNumbers;
    private long pendingSequence;
    private int pendingRule;
    private int pendingStep;
    /** The external number a LINK_CHECK is about, and its code ("" while asking for the call). */
    private String checkNumber;
    private String checkCode;

    LinksScreen(Display display, Engine engine, PhoneStore store, Log log, Displayable back) {
        this.display = display;
        this.engine = engine;
        this.store = store;
        this.log = log;
        this.back = back;
        form.append(entries);
        form.append(rule);
        form.append(step);
        commands(form, new Command[] {saveCmd, addCmd, verifyCmd, codeCmd, backCmd});
        commands(addBox, new Command[] {okCmd, backCmd});
        commands(verifyList, new Command[] {backCmd});
        commands(codeBox, new Command[] {okCmd, backCmd});
        try {
            LinkedSet.decode(store != null ? store.links() : null, sets);
        } catch (RecordStoreException e) {
            log.info("stored linked numbers unreadable: " + e.getMessage());
        } catch (IOException e) {
            log.info("stored linked numbers damaged: " + e.getMessage() + "; starting empty");
            sets.removeAllElements();
        }
    }

    private void commands(Displayable d, Command[] cmds) {
        for (int i = 0; i < cmds.length; i++) {
            d.addCommand(cmds[i]);
        }
        d.setCommandListener(this);
    }

    /** Shows the linked numbers of {@code owner} (null: the phone owns none yet). */
    void show(String owner) {
        if (owner == null) {
            alert("No number yet", AlertType.INFO, back);
            return;
        }
        shown = LinkedSet.of(sets, owner);
        form.setTitle("Linked to " + owner);
        entries.deleteAll();
        for (int i = 0; i < shown.numbers.size(); i++) {
            String n = (String) shown.numbers.elementAt(i);
            entries.setSelectedIndex(entries.append(shown.label(n), null), true);
        }
        rule.setSelectedIndex(shown.rule == LinkedNumbers.SEQUENTIAL ? 1 : 0, true);
        step.setString(String.valueOf(shown.stepSeconds));
        display.setCurrent(form);
    }

    public void commandAction(Command c, Displayable d) {
        if (c == backCmd) {
            display.setCurrent(d == form ? back : form);
        } else if (c == addCmd) {
            addBox.setString("");
            display.setCurrent(addBox);
        } else if (c == okCmd && d == addBox) {
            add(addBox.getString().trim());
        } else if (c == saveCmd) {
            save();
        } else if (c == verifyCmd) {
            chooseToVerify();
        } else if (c == List.SELECT_COMMAND && d == verifyList) {
            int i = verifyList.getSelectedIndex();
            if (i >= 0) {
                check(verifyList.getString(i), "");
            }
        } else if (c == codeCmd) {
            if (checkNumber == null) {
                alert("Verify an outside number first", AlertType.INFO, form);
            } else {
                askCode();
            }
        } else if (c == okCmd && d == codeBox) {
            String code = codeBox.getString().trim();
            if (code.length() == 0 || !LinkCheck.isCode(code)) {
                alert("The code is 1 to " + LinkCheck.MAX_CODE + " digits", AlertType.ERROR, codeBox);
                return;
            }
            check(checkNumber, code);
        }
    }

    private void add(String number) {
        if (number.length() == 0 || !Numbers.isValid(number)) {
            alert("Not a valid number", AlertType.ERROR, addBox);
            return;
        }
        if (number.equals(shown.owner)) {
            alert("A number cannot be linked to itself", AlertType.ERROR, addBox);
            return;
        }
        if (entries.size() >= LinkedNumbers.MAX_LINKS) {
            alert("At most " + LinkedNumbers.MAX_LINKS + " linked numbers", AlertType.ERROR, form);
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (number(entries.getString(i)).equals(number)) {
                alert(number + " is in the list already", AlertType.INFO, form);
                return;
            }
        }
        entries.setSelectedIndex(entries.append(shown.label(number), null), true);
        display.setCurrent(form);
    }

    /** Sends the ticked numbers with the chosen rule as the owner's new signed list; kept once accepted. */
    private void save() {
        // A NUMERIC field holds at most 3 characters of digits and a sign: only an empty one does not parse.
        String t = step.getString().trim();
        int seconds = t.length() == 0 || t.equals("-") ? -1 : Integer.parseInt(t);
        if (seconds < LinkedNumbers.MIN_STEP || seconds > LinkedNumbers.MAX_STEP) {
            alert("Seconds each: " + LinkedNumbers.MIN_STEP + " to " + LinkedNumbers.MAX_STEP, AlertType.ERROR,
                    form);
            return;
        }
        Vector ticked = new Vector();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.isSelected(i)) {
                ticked.addElement(number(entries.getString(i)));
            }
        }
        String[] linked = MyNumber.strings(ticked);
        int r = rule.getSelectedIndex() == 1 ? LinkedNumbers.SEQUENTIAL : LinkedNumbers.RING_ALL;
        long sequence;
        try {
            sequence = engine.sendLinks(shown.owner, shown.sequence, r, seconds, linked);
        } catch (IllegalArgumentException e) {
            alert("Not saved: " + e.getMessage(), AlertType.ERROR, form);
            return;
        }
        if (sequence >= 0) {
            pendingNumbers = linked;
            pendingSequence = sequence;
            pendingRule = r;
            pendingStep = seconds;
            display.setCurrent(back);
        }
    }

    private void chooseToVerify() {
        verifyList.deleteAll();
        for (int i = 0; i < shown.numbers.size(); i++) {
            String n = (String) shown.numbers.elementAt(i);
            if (LinkedNumbers.isExternal(n) && !shown.verified.contains(n)) {
                verifyList.append(n, null);
            }
        }
        if (verifyList.size() == 0) {
            alert("No saved outside number waits to be verified (save the list first)", AlertType.INFO, form);
            return;
        }
        display.setCurrent(verifyList);
    }

    private void check(String number, String code) {
        boolean sent;
        try {
            sent = engine.checkLink(shown.owner, number, code);
        } catch (IllegalArgumentException e) {
            alert("Not sent: " + e.getMessage(), AlertType.ERROR, form);
            return;
        }
        if (sent) {
            checkNumber = number;
            checkCode = code;
            display.setCurrent(form);
        }
    }

    private void askCode() {
        codeBox.setTitle("Code shown by the call to " + checkNumber);
        codeBox.setString("");
        display.setCurrent(codeBox);
    }

    /** The RESULT of LINKS or LINK_CHECK for {@code owner}; {@code text} is for people. */
    void result(int request, String owner, int outcome, String text) {
        boolean ok = outcome == Wire.RESULT_OK || outcome == Wire.RESULT_REPLAYED;
        LinkedSet set = LinkedSet.of(sets, owner);
        if (request == Wire.LINKS) {
            if (ok && pendingNumbers != null) {
                set.accepted(pendingSequence, pendingRule, pendingStep, pendingNumbers);
                keep();
            }
            pendingNumbers = null;
            alert(ok ? "Linked numbers of " + owner + " saved" + unverifiedHint(set)
                    : "Linked numbers not saved: " + text, ok ? AlertType.CONFIRMATION : AlertType.ERROR, back);
        } else if (checkCode != null && checkCode.length() == 0) {
            if (ok) {
                alert("Calling " + checkNumber + " now: the caller's name is the code. Then choose Enter code.",
                        AlertType.INFO, form);
            } else {
                alert("Cannot verify " + checkNumber + ": " + text, AlertType.ERROR, form);
            }
        } else if (ok) {
            if (!set.verified.contains(checkNumber)) {
                set.verified.addElement(checkNumber);
            }
            keep();
            if (set == shown) {
                show(owner);
            }
            alert(checkNumber + " verified: it rings with " + owner, AlertType.CONFIRMATION, form);
            checkNumber = null;
        } else {
            alert("Not verified: " + text, AlertType.ERROR,
                    outcome == Wire.RESULT_LINK_CODE_WRONG ? (Displayable) codeBox : form);
        }
    }

    private static String unverifiedHint(LinkedSet set) {
        for (int i = 0; i < set.numbers.size(); i++) {
            String n = (String) set.numbers.elementAt(i);
            if (LinkedNumbers.isExternal(n) && !set.verified.contains(n)) {
                return ". Outside numbers ring once verified: choose Verify.";
            }
        }
        return "";
    }

    private void keep() {
        if (store == null) {
            return;
        }
        try {
            store.saveLinks(LinkedSet.encode(sets));
        } catch (RecordStoreException e) {
            log.event("error cannot store linked numbers: " + e.getMessage());
        }
    }

    /** The number of a list line ({@link LinkedSet#label}). */
    private static String number(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    private void alert(String text, AlertType type, Displayable next) {
        Alert a = new Alert("Linked numbers", text, null, type);
        a.setTimeout(4000);
        display.setCurrent(a, next);
    }
}
