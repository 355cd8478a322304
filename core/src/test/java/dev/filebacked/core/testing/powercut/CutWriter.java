package dev.filebacked.core.testing.powercut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes one cut: walks the tree a {@link CutPolicy} leaves (each directory's entries after the
 * cut, from the root down) and makes it under a real directory. A file reached by several names
 * is written once and hard-linked, so links still share their content; a directory reached by
 * two names (a move across directories whose two halves both took effect) is made at the first
 * only, since a directory has one name. Files get the real filesystem's default permissions.
 */
final class CutWriter {

  private final CutPolicy policy;
  private final Map<TrackedFile, Path> livePaths;
  private final Map<Node, Path> written = new IdentityHashMap<>();

  /**
   * @param livePaths a real path for each file that has a live name, to read its current
   *     content by
   */
  CutWriter(CutPolicy policy, Map<TrackedFile, Path> livePaths) {
    this.policy = policy;
    this.livePaths = livePaths;
  }

  void write(TrackedDirectory root, Path target) throws IOException {
    written.put(root, target);
    writeDirectory(root, target);
  }

  private void writeDirectory(TrackedDirectory directory, Path at) throws IOException {
    for (Map.Entry<String, Node> entry : directory.afterCut(policy.changesKept()).entrySet()) {
      Path path = at.resolve(entry.getKey());
      Node node = entry.getValue();
      Path earlier = written.putIfAbsent(node, path);
      if (node instanceof TrackedDirectory child) {
        if (earlier == null) {
          Files.createDirectory(path);
          writeDirectory(child, path);
        }
      } else if (earlier != null) {
        Files.createLink(path, earlier);
      } else {
        Files.write(path, content((TrackedFile) node));
      }
    }
  }

  private byte[] content(TrackedFile file) throws IOException {
    if (!file.isDirty()) {
      return file.durableContent();
    }
    Path live = livePaths.get(file);
    byte[] current = live != null ? Files.readAllBytes(live) : file.contentWithoutName();
    return policy.content(file.durableContent(), current);
  }
}
