package dev.filebacked.jcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectoryNamesTest {

  @Test
  void aNameCannotReachOutsideItsParent() {
    Path parent = Path.of("/caches");
    for (String name : List.of("../../etc", "..", ".", "/etc/passwd", "a/../../b", "C:\\x")) {
      String encoded = DirectoryNames.of(name);
      assertThat(encoded).doesNotContain("/", "\\", ".");
      assertThat(parent.resolve(encoded).normalize().getParent()).isEqualTo(parent);
    }
    assertThat(DirectoryNames.of("../../etc")).isEqualTo("%2E%2E%2F%2E%2E%2Fetc");
  }

  @Test
  void distinctNamesGetDistinctDirectories() {
    List<String> names = List.of("a.b", "a%2Eb", "a_b", "A.b", "a$b", "a#b", "", "%", "日本",
        "org.hibernate.cache.spi.UpdateTimestampsCache");
    Set<String> encoded = new HashSet<>();
    names.forEach(name -> encoded.add(DirectoryNames.of(name)));
    assertThat(encoded).hasSameSizeAs(names);
  }

  @Test
  void longNamesStayWithinFileNameLimits() {
    String a = "x".repeat(500) + "a";
    String b = "x".repeat(500) + "b";
    assertThat(DirectoryNames.of(a)).hasSizeLessThanOrEqualTo(200);
    assertThat(DirectoryNames.of(a)).isNotEqualTo(DirectoryNames.of(b));
  }

  @Test
  void longNamesWithEqualStringHashCodesGetDistinctDirectories() {
    String a = "org.example.".repeat(30) + "Aa";
    String b = "org.example.".repeat(30) + "BB";
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(DirectoryNames.of(a)).isNotEqualTo(DirectoryNames.of(b))
        .hasSizeLessThanOrEqualTo(200)
        .startsWith("org%2Eexample%2E")
        .matches("[A-Za-z0-9_%-]+~[0-9a-f]{64}");
  }
}
