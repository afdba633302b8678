package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostsTest {

  @ParameterizedTest
  @CsvSource({
    "localhost, true",
    "LocalHost, true",
    "127.0.0.1, true",
    "127.255.255.254, true",
    "[::1], true",
    "[0:0:0:0:0:0:0:1], true",
    "'', false",
    "localhost.example.org, false",
    "127.0.0.1.example.org, false",
    "127.0.0.256, false",
    "1127.0.0.1, false",
    "128.0.0.1, false",
    "10.0.0.1, false",
    "[::2], false",
    "[fe80::1], false",
    "[not:an:address:zz], false",
    "example.org, false"
  })
  void loopbackIsJudgedByNameWithoutLookingItUp(String host, boolean loopback) {
    assertThat(Hosts.isLoopback(host)).isEqualTo(loopback);
  }
}
