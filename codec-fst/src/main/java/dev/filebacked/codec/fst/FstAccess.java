package dev.filebacked.codec.fst;

import dev.filebacked.spi.CodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Checks that the JVM lets FST do what it needs: FST reads and writes the private fields of JDK
 * classes (strings, numbers, collections, dates) by reflection, which Java 17+ forbids unless
 * their packages are opened to it. Without this check, the first value of some JDK type fails
 * deep inside FST with an {@code InaccessibleObjectException}.
 */
final class FstAccess {

  /** The packages FST reaches into, as {@code module/package}. */
  static final List<String> PACKAGES = List.of("java.base/java.lang", "java.base/java.math",
      "java.base/java.util", "java.base/java.util.concurrent", "java.base/java.net",
      "java.base/java.text", "java.base/java.time", "java.sql/java.sql");

  private FstAccess() {}

  /**
   * Passes if every package FST needs is open to it.
   *
   * @param isOpen whether a package of a module is open to FST's module
   * @throws CodecException listing the exact {@code --add-opens} flags to add, one per line
   */
  static void check(BiPredicate<Module, String> isOpen) {
    Module fst = org.nustaq.serialization.FSTConfiguration.class.getModule();
    List<String> missing = new ArrayList<>();
    for (String modulePackage : PACKAGES) {
      String[] parts = modulePackage.split("/");
      Optional<Module> module = ModuleLayer.boot().findModule(parts[0]);
      if (module.isPresent() && !isOpen.test(module.get(), parts[1])) {
        missing.add("--add-opens=" + modulePackage + "=" + target(fst));
      }
    }
    if (!missing.isEmpty()) {
      throw new CodecException("fst codec: FST needs reflective access to JDK classes that "
          + "this JVM does not allow. Add these flags to the java command line (or to "
          + "JDK_JAVA_OPTIONS):\n  " + String.join("\n  ", missing)
          + "\nor use the fory codec, which needs none");
    }
  }

  /** The JVM's real answer. */
  static void checkThisJvm() {
    Module fst = org.nustaq.serialization.FSTConfiguration.class.getModule();
    check((module, pkg) -> module.isOpen(pkg, fst));
  }

  private static String target(Module fst) {
    return fst.isNamed() ? fst.getName() : "ALL-UNNAMED";
  }
}
