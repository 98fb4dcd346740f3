package ai.oceum.devserver.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vault proxy's address rules, with the addresses of the hardening review (every one of them
 * was let through before: the check only asked the JDK for loopback, site-local, link-local and
 * any-local) and the other special-purpose ranges.
 */
class AddressPolicyTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                // from the review
                "fd00:ec2::254",
                "fc00::1",
                "100.100.100.200",
                "100.64.0.1",
                "::127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                // what the JDK's checks caught, still refused
                "127.0.0.1",
                "127.1.2.3",
                "::1",
                "::ffff:127.0.0.1",
                "0.0.0.0",
                "::",
                "169.254.169.254",
                "10.0.0.1",
                "172.16.5.4",
                "192.168.1.1",
                "fe80::1",
                // the rest of the special-purpose registries
                "100.127.255.255",
                "192.0.0.8",
                "192.0.2.1",
                "198.18.0.1",
                "198.51.100.7",
                "203.0.113.9",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "192.88.99.1",
                "64:ff9b::a00:1",
                "64:ff9b:1::1",
                "100::1",
                "2001::1",
                "2001:db8::1",
                "2002:a9fe:a9fe::1",
                "2002:7f00:1::",
                "fec0::1",
                "ff02::1",
                "::ffff:0:a00:1",
                "fdff:ffff::1"
            })
    void specialPurposeAddressesAreRefused(String literal) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(literal)))
                .as(literal)
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "100.63.255.255",
                "100.128.0.1",
                "172.32.0.1",
                "2606:4700::1111",
                "64:ff9b::5db8:d822",
                "2002:5db8:d822::1",
                "::ffff:93.184.216.34"
            })
    void publicUnicastAddressesAreAllowed(String literal) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(literal)))
                .as(literal)
                .isEmpty();
    }
}
