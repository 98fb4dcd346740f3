package ai.oceum.devserver.vault;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses the vault proxy refuses to call (against SSRF: an agent must not use the
 * server's network position to reach this machine, the LAN or a cloud metadata service). Every
 * special-purpose range of the IANA registries is refused, not only what the JDK calls loopback,
 * site-local or link-local: carrier-grade NAT ({@code 100.64.0.0/10}, with Alibaba's metadata
 * {@code 100.100.100.200}), unique-local IPv6 ({@code fc00::/7}, with AWS's {@code fd00:ec2::254}),
 * documentation, benchmarking, multicast and reserved ranges. IPv6 forms that carry an IPv4
 * address (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:AABB:CCDD::}) are judged by that IPv4 address, or
 * refused outright where the embedding cannot be read (Teredo, local NAT64). Stateless.
 */
public final class AddressPolicy {
    private AddressPolicy() {}

    /** Why {@code address} may not be called, or empty when it is a public unicast address. */
    public static Optional<String> refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b, 0);
        }
        if (address instanceof Inet6Address) {
            return ipv6(b);
        }
        return Optional.of("not an IP address");
    }

    private static Optional<String> ipv4(byte[] b, int o) {
        int a0 = b[o] & 0xff;
        int a1 = b[o + 1] & 0xff;
        int a2 = b[o + 2] & 0xff;
        if (a0 == 0) {
            return Optional.of("'this network' (0.0.0.0/8)");
        }
        if (a0 == 10) {
            return Optional.of("private (10.0.0.0/8)");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("shared address space, carrier-grade NAT and cloud metadata (100.64.0.0/10)");
        }
        if (a0 == 127) {
            return Optional.of("loopback (127.0.0.0/8)");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("link-local and cloud metadata (169.254.0.0/16)");
        }
        if (a0 == 172 && (a1 & 0xf0) == 16) {
            return Optional.of("private (172.16.0.0/12)");
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
            return Optional.of(a2 == 0 ? "IETF protocol assignments (192.0.0.0/24)" : "documentation (192.0.2.0/24)");
        }
        if (a0 == 192 && a1 == 88 && a2 == 99) {
            return Optional.of("6to4 relay (192.88.99.0/24)");
        }
        if (a0 == 192 && a1 == 168) {
            return Optional.of("private (192.168.0.0/16)");
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return Optional.of("benchmarking (198.18.0.0/15)");
        }
        if (a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
            return Optional.of("documentation (198.51.100.0/24, 203.0.113.0/24)");
        }
        if (a0 >= 224) {
            return Optional.of(a0 < 240 ? "multicast (224.0.0.0/4)" : "reserved or broadcast (240.0.0.0/4)");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        if (allZero(b, 0, 10)) {
            int w5 = word(b, 10);
            if (w5 == 0xffff) {
                return ipv4(b, 12).map(r -> "IPv4-mapped " + r);
            }
            if (w5 == 0) {
                if (allZero(b, 12, 4)) {
                    return Optional.of("unspecified (::)");
                }
                if (allZero(b, 12, 3) && b[15] == 1) {
                    return Optional.of("loopback (::1)");
                }
                return Optional.of("IPv4-compatible, deprecated (::/96)");
            }
        }
        if (allZero(b, 0, 8) && word(b, 8) == 0xffff && word(b, 10) == 0) {
            return ipv4(b, 12).map(r -> "IPv4-translated " + r);
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            if (allZero(b, 4, 8)) {
                return ipv4(b, 12).map(r -> "NAT64 of " + r);
            }
            if (word(b, 4) == 0x0001) {
                return Optional.of("local-use NAT64 (64:ff9b:1::/48)");
            }
        }
        if (w0 == 0x0100 && w1 == 0 && allZero(b, 4, 4)) {
            return Optional.of("discard-only (100::/64)");
        }
        if (w0 == 0x2001 && (w1 & 0xfe00) == 0) {
            return Optional.of("IETF protocol assignments, Teredo among them (2001::/23)");
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return Optional.of("documentation (2001:db8::/32)");
        }
        if (w0 == 0x2002) {
            return ipv4(b, 2).map(r -> "6to4 of " + r);
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return Optional.of("unique local, cloud metadata among them (fc00::/7)");
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return Optional.of("link-local (fe80::/10)");
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return Optional.of("site-local, deprecated (fec0::/10)");
        }
        if ((w0 & 0xff00) == 0xff00) {
            return Optional.of("multicast (ff00::/8)");
        }
        return Optional.empty();
    }

    private static int word(byte[] b, int o) {
        return (b[o] & 0xff) << 8 | b[o + 1] & 0xff;
    }

    private static boolean allZero(byte[] b, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
