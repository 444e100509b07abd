package io.cdraw.codec.io;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawException.Kind;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes outputs whole or not at all: to a temporary file beside the target, then into place.
 * <ul>
 *   <li>Without {@code overwrite} the file appears by a hard link from the temporary file, which
 *       fails if the name exists: two writers racing for one new name cannot both succeed.
 *   <li>A device or FIFO ({@code -o /dev/null}) is written into directly, never replaced; a
 *       symbolic link is followed, so the link stays and its target gets the new content.
 *   <li>Temporary files still pending when the JVM is stopped (Ctrl-C, SIGTERM) are removed.
 * </ul>
 */
public final class OutputFiles {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path p : PENDING) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // the JVM is going down; nothing else to do
        }
      }
    }, "cdraw-temp-cleanup"));
  }

  private OutputFiles() {}

  public static void write(Path target, byte[] bytes, boolean overwrite) throws IOException {
    Path real = target;
    if (Files.isSymbolicLink(target)) {
      try {
        real = target.toRealPath();
      } catch (NoSuchFileException e) {
        throw new CdrawException(Kind.BAD_INPUT, target + ": a link to a missing file");
      }
    }
    BasicFileAttributes existing = attributes(real);
    if (existing != null && existing.isDirectory()) {
      throw new CdrawException(Kind.BAD_INPUT, target + ": is a folder");
    }
    if (existing != null && existing.isOther()) {
      Files.write(real, bytes, StandardOpenOption.WRITE); // a device or FIFO: like cjpeg's -outfile
      return;
    }
    if (!overwrite && existing != null) {
      throw exists(target);
    }
    Path dir = real.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: its files are private (rw-------); this one follows the umask.
    Path tmp = dir.resolve("." + real.getFileName() + "." + Long.toHexString(RANDOM.nextLong())
        + ".tmp");
    PENDING.add(tmp);
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      if (overwrite) {
        Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } else {
        link(tmp, real, target);
      }
    } catch (IOException e) {
      throw new IOException(target + ": cannot write (" + reason(e) + ")", e);
    } finally {
      Files.deleteIfExists(tmp);
      PENDING.remove(tmp);
    }
  }

  /** Gives the finished temporary file the name {@code real} unless that name exists. */
  private static void link(Path tmp, Path real, Path target) throws IOException {
    try {
      Files.createLink(real, tmp);
    } catch (FileAlreadyExistsException e) {
      throw exists(target);
    } catch (UnsupportedOperationException | IOException e) {
      // no hard links here (some network and FAT file systems): check, then move
      if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
        throw exists(target);
      }
      Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static CdrawException exists(Path target) {
    return new CdrawException(Kind.BAD_INPUT, target + ": exists (use --force to replace it)");
  }

  /** The operating system's reason, without the path Java repeats. */
  private static String reason(IOException e) {
    String r = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
        ? f.getReason() : e.getMessage();
    return r == null ? e.getClass().getSimpleName() : r;
  }
}
