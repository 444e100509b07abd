package io.cdraw.codec.io;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Writes outputs whole or not at all: to a temporary file beside the target, then a rename. */
public final class OutputFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OutputFiles() {}

  public static void write(Path target, byte[] bytes, boolean overwrite) throws IOException {
    if (!overwrite && Files.exists(target)) {
      throw new CdrawException(Kind.BAD_INPUT, target + ": exists (use --force to replace it)");
    }
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: its files are private (rw-------); this one follows the umask.
    Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong())
        + ".tmp");
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
