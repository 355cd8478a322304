package dev.filebacked.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.codec.fixtures.IsolatingClassLoader;
import dev.filebacked.core.codec.fixtures.Nested;
import dev.filebacked.core.codec.fixtures.Operation;
import dev.filebacked.core.codec.fixtures.Parcel;
import dev.filebacked.core.codec.fixtures.Person;
import dev.filebacked.core.codec.fixtures.Point;
import dev.filebacked.core.codec.fixtures.Temperature;
import dev.filebacked.core.codec.fixtures.Unit;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DisallowedClassException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Codec} must do, run against each implementation (the JDK codec here, Fory
 * and FST in their modules). Where a codec cannot support a case, it says so through a hook and
 * the test asserts the clear error instead.
 */
public abstract class CodecContractTest {

  /** A codec of the implementation under test that decodes what {@code policy} allows. */
  protected abstract Codec<Object> codec(DecodingPolicy policy);

  /** Whether this codec can read records back; if not, it must refuse them when writing. */
  protected boolean readsRecords() {
    return true;
  }

  private final Codec<Object> codec = codec(DecodingPolicy.unrestricted());
  private final ClassLoader loader = getClass().getClassLoader();

  private Object roundTrip(Object value) {
    return codec.decode(codec.encode(value), loader);
  }

  @Test
  void idIsAValidCodecIdAndStable() {
    Codec.checkId(codec.id());
    assertThat(codec(DecodingPolicy.allowing("java.lang.*")).id()).isEqualTo(codec.id());
    assertThat(codec(DecodingPolicy.unrestricted()).formatVersion())
        .isEqualTo(codec.formatVersion());
  }

  @Test
  void simpleValuesKeepTheirExactType() {
    List<Object> values = List.of("héllo 👋", "", 42, -7L, 3.5d, 2.5f, (short) 9, (byte) -1, 'x',
        true, Integer.MIN_VALUE, Long.MAX_VALUE, Double.NaN, new int[] {1, 2}.length);
    for (Object value : values) {
      Object back = roundTrip(value);
      assertThat(back).isInstanceOf(value.getClass()).isEqualTo(value);
    }
  }

  @Test
  void anObjectGraphKeepsItsSharedReferencesAndCycles() {
    Person ada = new Person("Ada", 36);
    Person charles = new Person("Charles", 41);
    Person mary = new Person("Mary", 30);
    ada.partner = charles;
    charles.partner = ada;
    ada.friends.add(mary);
    charles.friends.add(mary);
    charles.friends.add(charles);

    Person back = (Person) roundTrip(ada);

    assertThat(back).usingRecursiveComparison().isEqualTo(ada);
    assertThat(back.partner.partner).isSameAs(back);
    assertThat(back.partner.friends.get(0)).isSameAs(back.friends.get(0));
    assertThat(back.partner.friends.get(1)).isSameAs(back.partner);
  }

  @Test
  void aRecordComesBackThroughItsConstructorOrIsRefusedWhenWritten() {
    Point point = new Point(3, -4, "p");
    List<Object> nested = new ArrayList<>(List.of("before", point));
    if (readsRecords()) {
      assertThat(roundTrip(point)).isEqualTo(point);
      assertThat(roundTrip(nested)).isEqualTo(nested);
    } else {
      for (Object value : List.of(point, nested)) {
        assertThatThrownBy(() -> codec.encode(value))
            .isInstanceOf(CodecException.class)
            .hasMessageContaining("record")
            .hasMessageContaining(Point.class.getName());
      }
    }
  }

  @Test
  void enumConstantsWithBodiesComeBackAsTheSameConstants() {
    for (Operation operation : Operation.values()) {
      assertThat(roundTrip(operation)).isSameAs(operation);
    }
    EnumMap<Operation, String> byOperation = new EnumMap<>(Operation.class);
    byOperation.put(Operation.TIMES, "×");
    List<Object> values = new ArrayList<>(List.of(Operation.PLUS, byOperation));
    @SuppressWarnings("unchecked")
    List<Object> back = (List<Object>) roundTrip(values);
    assertThat(back.get(0)).isSameAs(Operation.PLUS);
    assertThat(back.get(1)).isEqualTo(byOperation);
  }

  @Test
  void javaTimeValuesRoundTrip() {
    List<Object> values = List.of(Instant.ofEpochSecond(1_790_000_000L, 123_456_789),
        LocalDate.of(2026, 11, 21), LocalTime.of(23, 59, 59, 999_999_999),
        LocalDateTime.of(2026, 2, 28, 12, 0), Duration.ofMillis(-1_500), Period.of(1, 2, 3),
        ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
        OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-5)),
        ZoneId.of("America/New_York"), ZoneOffset.UTC);
    for (Object value : values) {
      assertThat(roundTrip(value)).isEqualTo(value);
    }
  }

  @Test
  void jdkCollectionsAndTheirUnmodifiableWrappersKeepTheirClassAndContents() {
    Map<String, Integer> linked = new LinkedHashMap<>();
    linked.put("z", 1);
    linked.put("a", 2);
    TreeMap<String, Integer> sorted = new TreeMap<>(Collections.reverseOrder());
    sorted.putAll(Map.of("a", 1, "b", 2, "c", 3));
    List<Collection<?>> collections = List.of(new ArrayList<>(List.of(1, 2, 3)),
        new LinkedList<>(List.of("a", "b")), new HashSet<>(Set.of(1L, 2L)),
        new TreeSet<>(Set.of("x", "y")), new ArrayDeque<>(List.of(1, 2)),
        List.of(1, 2, 3), Set.of("only"), Arrays.asList("a", null),
        Collections.unmodifiableList(new ArrayList<>(List.of(1))),
        Collections.unmodifiableSet(new HashSet<>(Set.of(2))), Collections.emptyList(),
        Collections.singletonList("one"));
    for (Collection<?> collection : collections) {
      Object back = roundTrip(collection);
      assertThat(back).as("%s", collection.getClass()).isInstanceOf(collection.getClass());
      assertThat(new ArrayList<Object>((Collection<?>) back)).isEqualTo(new ArrayList<Object>(collection));
    }
    List<Map<?, ?>> maps = List.of(new HashMap<>(Map.of("k", "v")), linked, sorted,
        Map.of("a", 1, "b", 2), Collections.unmodifiableMap(new HashMap<>(Map.of(1, 2))),
        Collections.emptyMap());
    for (Map<?, ?> map : maps) {
      Object back = roundTrip(map);
      assertThat(back).as("%s", map.getClass()).isInstanceOf(map.getClass()).isEqualTo(map);
      assertThat(new ArrayList<Object>(((Map<?, ?>) back).keySet()))
          .isEqualTo(new ArrayList<Object>(map.keySet()));
    }
    @SuppressWarnings("unchecked")
    List<Object> unmodifiable = (List<Object>) roundTrip(
        Collections.unmodifiableList(new ArrayList<>(List.of(1))));
    assertThatThrownBy(() -> unmodifiable.add(2))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(roundTrip(new ArrayList<>(List.of(Optional.of("x"))).get(0).get()))
        .isEqualTo("x");
  }

  @Test
  void numbersAndIdentifiersKeepTheirExactValue() {
    List<Object> values = List.of(new BigDecimal("12345.678900"), new BigDecimal("-1E+400"),
        new BigInteger("-123456789012345678901234567890"), UUID.randomUUID(),
        URI.create("https://example.com/a%20b?q=1#frag"), URI.create("urn:isbn:0451450523"));
    for (Object value : values) {
      Object back = roundTrip(value);
      assertThat(back).isEqualTo(value);
      assertThat(back.toString()).isEqualTo(value.toString());
    }
  }

  @Test
  void readObjectAndReadResolveAreCalled() {
    Temperature back = (Temperature) roundTrip(new Temperature(100));
    assertThat(back.celsius()).isEqualTo(100);
    assertThat(back.fahrenheit()).isEqualTo(212);
    assertThat(roundTrip(Unit.INSTANCE)).isSameAs(Unit.INSTANCE);
  }

  @Test
  void byteArraysOfZeroBytesAndSixteenMibRoundTrip() {
    assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
    byte[] large = new byte[16 << 20];
    new Random(42).nextBytes(large);
    assertThat((byte[]) roundTrip(large)).isEqualTo(large);
  }

  /**
   * A store lends a value's bytes in its own reused buffer, direct or read-only, somewhere in
   * the middle of a blob: decoding from it gives what decoding an array gives, and the value
   * owns its memory (the buffer is overwritten afterwards, as the next read does).
   */
  @Test
  void aValueDecodedFromALentBufferEqualsTheArraysAndOutlivesTheBuffer() {
    byte[] large = new byte[1 << 20];
    new Random(7).nextBytes(large);
    Map<String, Object> graph = new HashMap<>(Map.of("a", new Person("Ada", 36), "n", 5));
    List<Object> values = List.of("héllo 👋", 42, large, new byte[0], graph);
    for (Object value : values) {
      byte[] encoded = codec.encode(value);
      for (boolean direct : new boolean[] {true, false}) {
        for (boolean readOnly : new boolean[] {true, false}) {
          ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(encoded.length + 20)
              : ByteBuffer.allocate(encoded.length + 20);
          buffer.position(13).put(encoded).position(13).limit(13 + encoded.length);
          ByteBuffer lent = readOnly ? buffer.slice().asReadOnlyBuffer() : buffer.slice();

          Object decoded = codec.decode(lent, loader);
          buffer.clear();
          while (buffer.hasRemaining()) {
            buffer.put((byte) 0x55);
          }

          assertThat(decoded).as("%s from %s", value.getClass(), lent)
              .usingRecursiveComparison().isEqualTo(codec.decode(encoded, loader));
        }
      }
    }
  }

  @Test
  void aLentBufferOverThePolicysMaximumIsRefusedLikeAnArray() {
    Codec<Object> small = codec(DecodingPolicy.unrestricted().withMaxBytes(100));
    byte[] encoded = codec.encode(new byte[1000]);
    assertThatThrownBy(() -> small.decode(ByteBuffer.wrap(encoded), loader))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> small.decode(ByteBuffer.allocateDirect(0), loader))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void aValueOfAForeignClassLoaderComesBackAsThatLoadersClass() throws Exception {
    ClassLoader foreign = new IsolatingClassLoader(Parcel.class);
    Class<?> foreignParcel = foreign.loadClass(Parcel.class.getName());
    assertThat(foreignParcel).isNotSameAs(Parcel.class);
    Object parcel = foreignParcel.getConstructor(String.class, int.class).newInstance("book", 2);

    byte[] bytes = codec.encode(parcel);

    Object back = codec.decode(bytes, foreign);
    assertThat(back.getClass()).isSameAs(foreignParcel);
    assertThat(back).usingRecursiveComparison().isEqualTo(parcel);
    Object seenByTheApplication = codec.decode(codec.encode(new Parcel("book", 2)), loader);
    assertThat(seenByTheApplication.getClass()).isSameAs(Parcel.class);
  }

  @Test
  void aDisallowedClassIsRefusedByNameAndNeverBuilt() {
    Person person = new Person("Eve", 1);
    byte[] alone = codec.encode(person);
    byte[] inAList = codec.encode(new ArrayList<>(List.of("fine", person)));
    Codec<Object> strict = codec(DecodingPolicy.allowing("com.example.**"));

    for (byte[] bytes : List.of(alone, inAList)) {
      assertThatThrownBy(() -> strict.decode(bytes, loader))
          .isInstanceOf(DisallowedClassException.class)
          .hasMessageContaining(Person.class.getName())
          .satisfies(e -> assertThat(((DisallowedClassException) e).className())
              .isEqualTo(Person.class.getName()));
    }
    Codec<Object> allowing = codec(DecodingPolicy.allowing(Person.class.getPackageName() + ".*"));
    assertThat(allowing.decode(inAList, loader)).asList().hasSize(2);
    assertThat(strict.decode(codec.encode(new ArrayList<>(List.of("only", 1))), loader))
        .isEqualTo(List.of("only", 1));
  }

  @Test
  void aDisallowedClassIsRefusedWhenWrittenSoItNeverBecomesAnUnreadableBlob() {
    Codec<Object> strict = codec(DecodingPolicy.allowing("com.example.**"));
    for (Object value : List.of(new Person("Eve", 1), new ArrayList<>(List.of("fine",
        new Person("Eve", 1))))) {
      assertThatThrownBy(() -> strict.encode(value))
          .isInstanceOf(DisallowedClassException.class)
          .hasMessageContaining(Person.class.getName());
    }
    assertThat(strict.decode(strict.encode(new ArrayList<>(List.of("fine", 1))), loader))
        .isEqualTo(List.of("fine", 1));
  }

  @Test
  void objectsNestedDeeperThanTheLimitAreRefused() {
    byte[] deep = codec.encode(Nested.chain(200));

    assertThat(((Nested) codec.decode(deep, loader)).depth()).isEqualTo(200);
    assertThatThrownBy(() -> codec(DecodingPolicy.unrestricted().withMaxDepth(20))
        .decode(deep, loader))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("depth");
    Codec<Object> roomy = codec(DecodingPolicy.unrestricted().withMaxDepth(1_000));
    assertThat(((Nested) roomy.decode(deep, loader)).depth()).isEqualTo(200);
  }

  @Test
  void valuesLargerThanTheByteLimitAreRefusedOnBothSides() {
    Codec<Object> small = codec(DecodingPolicy.unrestricted().withMaxBytes(1_024));
    byte[] large = codec.encode(new byte[2_048]);

    assertThatThrownBy(() -> small.encode(new byte[2_048]))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("1024");
    assertThatThrownBy(() -> small.decode(large, loader))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("1024");
    assertThat((byte[]) small.decode(small.encode(new byte[100]), loader)).hasSize(100);
  }

  @Test
  void truncatedBytesAreACodecExceptionNotAWrongValue() {
    byte[] bytes = codec.encode(new ArrayList<>(List.of(new Person("Ann", 3), "tail")));
    for (int length : new int[] {0, 1, bytes.length / 2, bytes.length - 1}) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> codec.decode(truncated, loader))
          .as("%d of %d bytes", length, bytes.length)
          .isInstanceOf(CodecException.class);
    }
  }

  @Test
  void oneCodecServesManyThreadsAtOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < 2_000; i++) {
            Person person = new Person("p" + thread + "-" + i, i);
            person.friends.add(new Person("f" + i, thread));
            Person back = (Person) roundTrip(person);
            if (!back.name.equals(person.name) || back.friends.get(0).age != thread) {
              return false;
            }
          }
          return true;
        });
      }
      for (Future<Boolean> result : threads.invokeAll(tasks)) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
