package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class UdpTapTest {
    @Test
    void forwardsBothWays_andCountsVoiceApart() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket relay = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket phone = new DatagramSocket(new InetSocketAddress(loopback, 0));
             UdpTap tap = new UdpTap("test", relay.getLocalPort())) {
            relay.setSoTimeout(5000);
            phone.setSoTimeout(5000);
            int tapPort = Integer.parseInt(tap.address().substring(tap.address().indexOf(':') + 1));
            byte[] register = {0x10, 0x01, 0x00, 0x01, 0x00};
            byte[] voice = new byte[169];
            voice[0] = (byte) 0x80;
            voice[1] = 0x05;

            phone.send(new DatagramPacket(register, register.length, loopback, tapPort));
            DatagramPacket atRelay = receive(relay);
            assertArrayEquals(register, Arrays.copyOf(atRelay.getData(), atRelay.getLength()));
            for (int i = 0; i < 3; i++) {
                phone.send(new DatagramPacket(voice, voice.length, loopback, tapPort));
                atRelay = receive(relay);
                assertEquals(voice.length, atRelay.getLength());
            }
            relay.send(new DatagramPacket(voice, voice.length, atRelay.getSocketAddress()));
            assertEquals(voice.length, receive(phone).getLength());

            assertEquals(3, tap.up().voicePackets());
            assertEquals(1, tap.down().voicePackets());
            String up = tap.up().toString();
            assertEquals(true, up.startsWith("4 datagrams / 512 B in all; voice: 3 packets, 507 B payload "
                    + "(169.0 B avg + 28 B IPv4/UDP)"), up);
        }
    }

    @Test
    void dropsTheChosenVoicePackets_andNoSignalling() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket relay = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket phone = new DatagramSocket(new InetSocketAddress(loopback, 0));
             UdpTap tap = new UdpTap("test", relay.getLocalPort())) {
            relay.setSoTimeout(5000);
            tap.dropUpstreamVoice(3, 1);
            int tapPort = Integer.parseInt(tap.address().substring(tap.address().indexOf(':') + 1));
            for (int i = 0; i < 6; i++) {
                byte[] voice = {(byte) 0x80, 0x01, 0x00, (byte) i};
                phone.send(new DatagramPacket(voice, voice.length, loopback, tapPort));
            }
            byte[] bye = {0x10, 0x07, 0x00, 0x09, 0, 0, 0, 1, 0};
            phone.send(new DatagramPacket(bye, bye.length, loopback, tapPort));

            // Voice 1 and 4 are dropped; the rest and the signalling frame arrive in order.
            for (int expected : new int[] {0, 2, 3, 5}) {
                assertEquals(expected, receive(relay).getData()[3]);
            }
            assertEquals(0x07, receive(relay).getData()[1]);
            assertEquals(2, tap.upstreamVoiceDropped());
            assertEquals(6, tap.up().voicePackets(), "the flow counts what the phone sent");
        }
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return packet;
    }
}
