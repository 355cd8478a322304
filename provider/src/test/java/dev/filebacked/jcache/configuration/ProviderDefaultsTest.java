package dev.filebacked.jcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProviderDefaultsTest {

  @Test
  void unsetKeysTakeTheBuiltInDefaults() {
    ProviderDefaults defaults = ProviderDefaults.from(new Properties());
    assertThat(defaults.maximumEntriesInMemory()).isEqualTo(10_000);
    assertThat(defaults.maximumBytesInMemory()).isZero();
    assertThat(defaults.expirySweepInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.diskFullPolicy()).isEqualTo(DiskFullPolicy.EVICT);
  }

  @Test
  void managerPropertiesAreRead() {
    Properties properties = new Properties();
    properties.setProperty(ProviderDefaults.MAXIMUM_ENTRIES_IN_MEMORY, "1_000");
    properties.setProperty(ProviderDefaults.MAXIMUM_BYTES_IN_MEMORY, "65536");
    properties.setProperty(ProviderDefaults.DIRECTORY, "/var/cache/app");
    properties.setProperty(ProviderDefaults.EXPIRY_SWEEP_INTERVAL, "PT0.25S");
    properties.setProperty(ProviderDefaults.CODEC, "fory");
    properties.setProperty(ProviderDefaults.DISK_FULL_POLICY, "fail_writes");
    properties.setProperty(ProviderDefaults.DURABILITY, "fsync");
    ProviderDefaults defaults = ProviderDefaults.from(properties);
    assertThat(defaults).isEqualTo(new ProviderDefaults(1_000, 65_536, Path.of("/var/cache/app"),
        Duration.ofMillis(250), "fory", DiskFullPolicy.FAIL_WRITES, Durability.FSYNC));
  }

  @Test
  void badValuesNameTheKeyAndWhatIsExpected() {
    Properties properties = new Properties();
    properties.setProperty(ProviderDefaults.MAXIMUM_ENTRIES_IN_MEMORY, "lots");
    assertThatThrownBy(() -> ProviderDefaults.from(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ProviderDefaults.MAXIMUM_ENTRIES_IN_MEMORY)
        .hasMessageContaining("'lots'");

    Properties codec = new Properties();
    codec.setProperty(ProviderDefaults.CODEC, "my codec");
    assertThatThrownBy(() -> ProviderDefaults.from(codec))
        .hasMessageContaining(ProviderDefaults.CODEC).hasMessageContaining("printable ASCII");

    Properties sweep = new Properties();
    sweep.setProperty(ProviderDefaults.EXPIRY_SWEEP_INTERVAL, "1s");
    assertThatThrownBy(() -> ProviderDefaults.from(sweep))
        .hasMessageContaining("ISO-8601").hasMessageContaining("'1s'");

    Properties full = new Properties();
    full.setProperty(ProviderDefaults.DISK_FULL_POLICY, "wait");
    assertThatThrownBy(() -> ProviderDefaults.from(full))
        .hasMessageContaining(ProviderDefaults.DISK_FULL_POLICY).hasMessageContaining("'wait'")
        .hasMessageContaining("FAIL_WRITES");
  }
}
