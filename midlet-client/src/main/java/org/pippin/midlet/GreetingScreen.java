package org.pippin.midlet;

import javax.microedition.lcdui.Command;
import javax.microedition.lcdui.CommandListener;
import javax.microedition.lcdui.Display;
import javax.microedition.lcdui.Displayable;
import javax.microedition.lcdui.List;
import javax.microedition.lcdui.Ticker;

import org.pippin.protocol.Wire;

/**
 * The owner's greetings: two lines (unavailable / no answer, and busy) with Record, Stop, Listen, Send and Delete.
 * A recording stays on the phone until sent; Delete removes the relay's copy so the default greeting plays again.
 * Progress and the relay's answers show in the ticker.
 */
final class GreetingScreen implements CommandListener, GreetingBox.Listener {

    private static final String[] NAMES = {"Unavailable", "Busy"};

    private final Display display;
    private final GreetingBox greetings;
    private final Displayable back;
    private final List list = new List("Greetings", List.IMPLICIT);
    private final Ticker ticker = new Ticker("Record a greeting, listen, then send it");
    private final Command recordCmd = new Command("Record", Command.ITEM, 1);
    private final Command stopCmd = new Command("Stop", Command.ITEM, 2);
    private final Command listenCmd = new Command("Listen", Command.ITEM, 3);
    private final Command sendCmd = new Command("Send", Command.ITEM, 4);
    private final Command deleteCmd = new Command("Delete", Command.ITEM, 5);
    private final Command backCmd = new Command("Back", Command.BACK, 6);
    private String owner;

    GreetingScreen(Display display, GreetingBox greetings, Displayable back) {
        this.display = display;
        this.greetings = greetings;
        this.back = back;
        list.addCommand(recordCmd);
        list.addCommand(stopCmd);
        list.addCommand(listenCmd);
        list.addCommand(sendCmd);
        list.addCommand(deleteCmd);
        list.addCommand(backCmd);
        list.setSelectCommand(listenCmd);
        list.setTicker(ticker);
        list.setCommandListener(this);
        greetings.setListener(this);
        refresh();
    }

    void show(String owner) {
        this.owner = owner;
        refresh();
        display.setCurrent(list);
    }

    private void refresh() {
        int selected = list.getSelectedIndex();
        list.deleteAll();
        for (int kind = Wire.GREETING_UNAVAILABLE; kind <= Wire.GREETING_BUSY; kind++) {
            int s = greetings.seconds(kind);
            list.append(NAMES[kind] + (s > 0 ? " (" + s + " s recorded)" : ""), null);
        }
        if (selected >= 0) {
            list.setSelectedIndex(selected, true);
        }
    }

    public void commandAction(Command c, Displayable d) {
        int kind = list.getSelectedIndex();
        if (c == backCmd) {
            greetings.stop();
            display.setCurrent(back);
        } else if (c == stopCmd) {
            greetings.stop();
        } else if (kind < 0) {
            return;
        } else if (c == recordCmd) {
            status(greetings.record(kind) ? "Recording..." : "Busy: Stop first");
        } else if (c == listenCmd) {
            status(greetings.listen(kind) ? "Playing..." : greetings.isRunning() ? "Busy: Stop first"
                : "Nothing recorded");
        } else if (c == sendCmd && owner != null) {
            status(greetings.send(owner, kind) ? "Sending..." : greetings.isRunning() ? "Busy: Stop first"
                : "Nothing recorded");
        } else if (c == deleteCmd && owner != null) {
            status(greetings.delete(owner, kind) ? "Deleting..." : "Not connected");
        }
    }

    private void status(String text) {
        ticker.setString(text);
    }

    /** From the greeting job's thread or the engine: applied on the UI thread. */
    public void greetingStatus(final String text) {
        display.callSerially(new Runnable() {
            public void run() {
                status(text);
                refresh();
            }
        });
    }
}
