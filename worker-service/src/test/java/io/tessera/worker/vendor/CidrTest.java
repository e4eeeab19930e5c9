package io.tessera.worker.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void parsesNetworksWithTheirHostBitsZeroOnly() {
        assertThat(Cidr.parse("10.20.0.0/16")).map(Cidr::toString).hasValue("10.20.0.0/16");
        assertThat(Cidr.parse("0.0.0.0/0")).isPresent();
        assertThat(Cidr.parse("203.0.113.7/32")).isPresent();
        assertThat(Cidr.parse("2001:DB8::/32")).map(Cidr::toString).hasValue("2001:db8:0:0:0:0:0:0/32");
        assertThat(Cidr.parse("10.20.0.1/16")).isEmpty();
        assertThat(Cidr.parse("10.20.0.0/33")).isEmpty();
        assertThat(Cidr.parse("10.20.0.0")).isEmpty();
        assertThat(Cidr.parse("example.com/24")).isEmpty();
        assertThat(Cidr.parse("10.20.0.0/16/8")).isEmpty();
        assertThat(Cidr.parse("::ffff:10.0.0.0/104")).isEmpty();
        assertThat(Cidr.parse(null)).isEmpty();
    }

    @Test
    void containsAddressesOfItsOwnFamilyInsideThePrefix() {
        Cidr v4 = Cidr.parse("203.0.113.0/24").orElseThrow();
        assertThat(v4.contains("203.0.113.0")).isTrue();
        assertThat(v4.contains("203.0.113.255")).isTrue();
        assertThat(v4.contains("203.0.114.1")).isFalse();
        assertThat(v4.contains("2001:db8::1")).isFalse();
        assertThat(v4.contains("localhost")).isFalse();
        assertThat(v4.contains(null)).isFalse();
        Cidr v6 = Cidr.parse("2001:db8::/32").orElseThrow();
        assertThat(v6.contains("2001:db8:ffff::1")).isTrue();
        assertThat(v6.contains("2001:db9::1")).isFalse();
        assertThat(Cidr.parse("10.0.0.0/7").orElseThrow().contains("11.255.0.1")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/7").orElseThrow().contains("12.0.0.1")).isFalse();
    }
}
