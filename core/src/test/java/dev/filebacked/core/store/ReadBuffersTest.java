package dev.filebacked.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadBuffersTest {

  private final ReadBuffers buffers = new ReadBuffers(2, 1 << 20);

  @Test
  void twoReadsInFlightNeverShareABuffer() {
    ByteBuffer first = buffers.take(1000);
    buffers.give(first);
    ByteBuffer second = buffers.take(1000); // the kept one, taken out of its slot
    ByteBuffer third = buffers.take(1000); // so this read, in flight with it, gets another

    assertThat(second).isSameAs(first);
    assertThat(third).isNotSameAs(second);
  }

  @Test
  void aGivenBufferServesTheNextReadThatFitsFromTheStart() {
    ByteBuffer first = buffers.take(5000);
    first.position(100);
    buffers.give(first);

    ByteBuffer next = buffers.take(300);

    assertThat(next).isSameAs(first);
    assertThat(next.position()).isZero();
    assertThat(next.limit()).isEqualTo(300);
  }

  @Test
  void aReadLargerThanTheLargestKeptGetsABufferOfItsOwnThatIsNeverKept() {
    ByteBuffer giant = buffers.take((1 << 20) + 1);
    buffers.give(giant);

    assertThat(giant.limit()).isEqualTo((1 << 20) + 1);
    assertThat(buffers.take(10)).isNotSameAs(giant);
  }

  @Test
  void noKeptBufferIsLargerThanTheLargestKept() {
    assertThat(buffers.take(1 << 20).capacity()).isEqualTo(1 << 20);
    assertThat(buffers.take((1 << 20) - 1).capacity()).isEqualTo(1 << 20);
  }

  @Test
  void atMostOneBufferASlotIsKeptAndALargerOneReplacesASmaller() {
    List<ByteBuffer> given = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      given.add(buffers.take(1000));
    }
    ByteBuffer large = buffers.take(200_000);
    given.forEach(buffers::give);
    buffers.give(large);

    Set<ByteBuffer> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 4; i++) {
      taken.add(buffers.take(1000));
    }
    Set<ByteBuffer> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(given);
    kept.add(large);
    kept.retainAll(taken);
    assertThat(kept).hasSize(2).contains(large);
  }
}
