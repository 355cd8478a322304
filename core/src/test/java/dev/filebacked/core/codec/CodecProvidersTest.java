package dev.filebacked.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CodecProvider;
import dev.filebacked.spi.DecodingPolicy;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecProvidersTest {

  @TempDir
  Path temp;

  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void theBuiltInCodecIsFoundByItsIdWithThePolicyItWasAskedFor() {
    JavaSerializationCodec<Object> codec = (JavaSerializationCodec<Object>) CodecProviders
        .<Object>create("jdk", DecodingPolicy.allowing("com.example.*"), loader);
    assertThatThrownBy(() -> codec.encode(new java.util.concurrent.atomic.AtomicInteger()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("AtomicInteger");
  }

  @Test
  void aBrokenCodecModuleHidesNeitherTheOthersNorItsOwnFailure() throws IOException {
    Path services = temp.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(CodecProvider.class.getName()),
        "com.example.MissingCodecProvider\n");
    try (URLClassLoader broken = new URLClassLoader(new URL[] {temp.toUri().toURL()}, loader)) {
      assertThat(CodecProviders.create("jdk", DecodingPolicy.unrestricted(), broken))
          .isInstanceOf(JavaSerializationCodec.class);
      assertThatThrownBy(() -> CodecProviders.create("kryo", DecodingPolicy.unrestricted(),
          broken))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("found [jdk]")
          .hasMessageContaining("com.example.MissingCodecProvider");
    }
  }
}
