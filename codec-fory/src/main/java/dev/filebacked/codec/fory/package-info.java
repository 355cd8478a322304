/**
 * A codec on Apache Fory, id {@value dev.filebacked.codec.fory.ForyCodec#ID}: several times
 * faster than Java serialization for object graphs, and it reads records, enums with bodies,
 * {@code readObject}/{@code readResolve} classes and the JDK's immutable collections back as
 * they were. Found through {@link java.util.ServiceLoader}; name it in a cache's configuration.
 */
package dev.filebacked.codec.fory;
