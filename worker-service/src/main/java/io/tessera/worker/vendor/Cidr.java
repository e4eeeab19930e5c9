package io.tessera.worker.vendor;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network in CIDR notation ({@code 10.20.0.0/16}, {@code 2001:db8::/32}). Only address literals are
 * accepted (never a host name to resolve), and the host bits must be zero, so every network has one
 * canonical text form.
 */
public record Cidr(byte[] network, int prefix) {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash != text.lastIndexOf('/')) {
            return Optional.empty();
        }
        String address = text.substring(0, slash);
        String length = text.substring(slash + 1);
        if (!LITERAL.matcher(address).matches() || !length.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(length);
        if (prefix > bytes.length * 8 || !hostBitsZero(bytes, prefix)) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(bytes, prefix));
    }

    /** Whether {@code address} (an address literal) lies in this network; false for anything unparsable. */
    public boolean contains(String address) {
        byte[] bytes = address == null || !LITERAL.matcher(address).matches() ? null : literal(address);
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int i = bit / 8;
            int mask = 0x80 >>> (bit % 8);
            if ((bytes[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        try {
            String address = InetAddress.getByAddress(network).getHostAddress();
            return address + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && new BigInteger(1, c.network).equals(new BigInteger(1, network))
                && c.network.length == network.length;
    }

    @Override
    public int hashCode() {
        return new BigInteger(1, network).hashCode() * 31 + prefix;
    }

    private static byte[] literal(String address) {
        try {
            // a literal only (checked by LITERAL): InetAddress does not resolve it
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (address.contains(":") != (bytes.length == 16)) {
                return null; // an IPv4-mapped IPv6 literal comes back as IPv4; refuse the ambiguity
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean hostBitsZero(byte[] bytes, int prefix) {
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }
}
