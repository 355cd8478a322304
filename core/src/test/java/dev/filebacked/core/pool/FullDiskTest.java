package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.core.testing.SmallDisk;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.DiskFullPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool on a real filesystem that fills up (a 4 MiB tmpfs; skipped, saying why, where it
 * cannot be mounted). The injected failures of {@link FailurePolicyTest} are what the policy
 * decides; this is what a real {@code ENOSPC} becomes.
 */
class FullDiskTest {

  private static final int VALUE_BYTES = 64 * 1024;

  @TempDir
  Path temp;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void underFailWritesNoAcknowledgedPutIsLostAndPutsResumeOnceSpaceReturns() throws Exception {
    Path mountPoint = Files.createDirectories(temp.resolve("disk"));
    try (SmallDisk disk = SmallDisk.mount(mountPoint, 4);
        FilePool<String, byte[]> pool = FilePool.<String, byte[]>builder()
            .directory(disk.path().resolve("pool"))
            .storeByValue(true)
            .maximumEntriesInMemory(10)
            .diskFullPolicy(DiskFullPolicy.FAIL_WRITES)
            .writeRetryInterval(Duration.ZERO)
            .build()) {
      Random random = new Random(4);
      Map<String, byte[]> acknowledged = new LinkedHashMap<>();
      BlobStoreFullException refused = null;
      // 4 MiB hold fewer than 64 values of 64 KiB: the disk fills well before 400 puts.
      for (int i = 0; i < 400 && refused == null; i++) {
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        try {
          pool.put("k" + i, value);
          acknowledged.put("k" + i, value);
        } catch (BlobStoreFullException e) {
          refused = e;
        }
        pool.flush(); // lets the spill of this put's victim fail before the next put
      }

      assertThat(refused).as("a put refused once the disk was full").isNotNull()
          .hasMessageContaining("wait in memory");
      assertThat(pool.stats().valuesWaitingForDisk()).isPositive();
      assertThat(pool.stats().spillFailures()).isZero();
      for (Map.Entry<String, byte[]> entry : acknowledged.entrySet()) {
        assertThat(pool.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
      }

      // Free space: the first 20 entries go, and their blobs with them.
      for (int i = 0; i < 20; i++) {
        pool.remove("k" + i);
        acknowledged.remove("k" + i);
      }
      pool.flush();
      byte[] after = new byte[VALUE_BYTES];
      random.nextBytes(after);
      pool.put("after", after);
      pool.flush();

      assertThat(pool.stats().valuesWaitingForDisk()).isZero();
      assertThat(pool.get("after")).isEqualTo(after);
      for (Map.Entry<String, byte[]> entry : acknowledged.entrySet()) {
        assertThat(pool.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
      }
    }
  }
}
