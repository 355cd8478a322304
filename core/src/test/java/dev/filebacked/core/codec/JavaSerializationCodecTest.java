package dev.filebacked.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.CodecException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JavaSerializationCodecTest {

  private final JavaSerializationCodec<Object> codec = new JavaSerializationCodec<>();
  private final ClassLoader loader = getClass().getClassLoader();

  record Point(int x, int y) implements Serializable {}

  static final class Holder implements Serializable {
    Object unserializable = new Object();
  }

  private Object roundTrip(Object value) {
    return codec.decode(codec.encode(value), loader);
  }

  @Test
  void fastPathTypesRoundTripWithTheirExactType() {
    List<Object> values = List.of(new byte[] {1, 2, 3}, "héllo 👋", 42, -7L, 3.5d, 2.5f,
        (short) 9, (byte) -1, 'x', true, false, "", Integer.MIN_VALUE, Long.MAX_VALUE,
        Double.NaN);
    for (Object value : values) {
      Object back = roundTrip(value);
      assertThat(back).isInstanceOf(value.getClass());
      if (value instanceof byte[] bytes) {
        assertThat((byte[]) back).isEqualTo(bytes);
      } else {
        assertThat(back).isEqualTo(value);
      }
    }
  }

  @Test
  void fastPathsAreSmallerThanJavaSerialization() {
    assertThat(codec.encode(42)).hasSize(5);
    assertThat(codec.encode("abc")).hasSize(4);
    assertThat(codec.encode(new byte[10])).hasSize(11);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00b", "\uD83D"})
  void stringsWithUnpairedSurrogatesSurviveExactly(String s) {
    assertThat(roundTrip(s)).isEqualTo(s);
  }

  @Test
  void serializableGraphsRoundTrip() {
    Map<String, Object> graph = Map.of("point", new Point(1, 2), "amount", new BigDecimal("1.50"),
        "date", LocalDate.of(2026, 11, 21), "list", new ArrayList<>(List.of(1, "two")));
    assertThat(roundTrip(graph)).isEqualTo(graph);
  }

  @Test
  void aValueThatCannotBeSerializedNamesTheCulprit() {
    assertThatThrownBy(() -> codec.encode(new Holder()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(Holder.class.getName())
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("Serializable");
  }

  @Test
  void theFilterRefusesAClassItDoesNotAllowAndNamesIt() {
    JavaSerializationCodec<Object> strict = JavaSerializationCodec.withFilter(
        "java.base/*;!*");
    byte[] bytes = strict.encode(new Point(1, 2));

    assertThat(strict.decode(strict.encode(List.of(1, 2)), loader)).isEqualTo(List.of(1, 2));
    assertThatThrownBy(() -> strict.decode(bytes, loader))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(Point.class.getName())
        .hasMessageContaining("filter refused class");
  }

  @Test
  void theFilterBoundsDepth() {
    JavaSerializationCodec<Object> shallow = JavaSerializationCodec.withFilter("maxdepth=3");
    List<Object> deep = List.of(List.of(List.of(List.of(List.of(1)))));
    assertThatThrownBy(() -> shallow.decode(shallow.encode(deep), loader))
        .isInstanceOf(CodecException.class).hasMessageContaining("refused");
  }

  @Test
  void classesResolveThroughTheGivenLoader() {
    AtomicInteger asked = new AtomicInteger();
    ClassLoader counting = new ClassLoader(loader) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.equals(Point.class.getName())) {
          asked.incrementAndGet();
        }
        return super.loadClass(name, resolve);
      }
    };
    assertThat(codec.decode(codec.encode(new Point(3, 4)), counting)).isEqualTo(new Point(3, 4));
    assertThat(asked).hasPositiveValue();
  }

  @Test
  void aClassTheLoaderCannotSeeIsAClearError() {
    ClassLoader bootOnly = new ClassLoader(null) {};
    byte[] bytes = codec.encode(new Point(1, 1));
    assertThatThrownBy(() -> codec.decode(bytes, bootOnly))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(Point.class.getName())
        .hasMessageContaining("not visible");
  }

  @Test
  void damagedBytesAreAClearErrorNotAValue() {
    byte[] bytes = codec.encode(new Point(1, 2));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> codec.decode(cut, loader)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.decode(new byte[] {99}, loader))
        .isInstanceOf(CodecException.class).hasMessageContaining("unknown tag 99");
    assertThatThrownBy(() -> codec.decode(new byte[] {3, 1}, loader))
        .isInstanceOf(CodecException.class).hasMessageContaining("expected 4 bytes");
    assertThatThrownBy(() -> codec.decode(new byte[0], loader))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void idAndVersionAreStable() {
    assertThat(codec.id()).isEqualTo("jdk");
    assertThat(codec.formatVersion()).isEqualTo(1);
  }
}
