package org.mydatakit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, created
 * with its final permissions (never widened and then narrowed), synced, then moved into place. A
 * reader sees either the old file, or the whole new one.
 */
final class PrivateFiles {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /** Creates {@code dir} and any missing parents with mode 700; an existing one is left as is. */
  static void createDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } catch (UnsupportedOperationException e) {
        throw new CliFailure("expected a posix file system to create " + dir + " owner-only", e);
      }
    }
  }

  /**
   * Creates {@code dir} and any missing parents, mode 700 where the file system has POSIX
   * permissions and with its defaults elsewhere; an existing one is left as is.
   */
  static void createDirectoriesWherePossible(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir);
      }
    }
  }

  /**
   * Replaces {@code target} with {@code content} atomically, owner-only where the file system has
   * POSIX permissions and with its defaults elsewhere: for files that are not secret but that no
   * one else should change.
   */
  static void replaceOwnerOnlyWherePossible(Path target, String content) throws IOException {
    write(target, content, OWNER_ONLY, true, false);
  }

  /**
   * Writes {@code content} to {@code target} with {@code permissions}. Unless {@code replace}, an
   * existing target is left untouched and {@link FileAlreadyExistsException} is thrown; the check
   * and the creation are one atomic step (a hard link), so two concurrent writers cannot both win.
   */
  static void write(
      Path target, String content, Set<PosixFilePermission> permissions, boolean replace)
      throws IOException {
    write(target, content, permissions, replace, true);
  }

  private static void write(
      Path target,
      String content,
      Set<PosixFilePermission> permissions,
      boolean replace,
      boolean posixRequired)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    FileAttribute<Set<PosixFilePermission>> mode =
        PosixFilePermissions.asFileAttribute(permissions);
    Path temp;
    try {
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", mode);
    } catch (UnsupportedOperationException e) {
      if (posixRequired) {
        throw new CliFailure("expected a posix file system to create " + target + " owner-only", e);
      }
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    }
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.flush();
        channel.force(true);
      }
      if (replace) {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        linkOrMove(temp, target);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void linkOrMove(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp); // fails atomically if the target exists
    } catch (UnsupportedOperationException e) { // no hard links: check, then move
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
