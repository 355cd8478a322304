/**
 * A codec on FST 3.0.4-jdk17, id {@value dev.filebacked.codec.fst.FstCodec#ID}, for users who
 * ask for FST by name. FST is no longer maintained, needs {@code --add-opens} flags on Java 17+
 * ({@link dev.filebacked.codec.fst.FstAccess} names them), and cannot read records back, so
 * this codec refuses records when they are written. Prefer the Fory codec for new work.
 */
package dev.filebacked.codec.fst;
