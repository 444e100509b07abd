package io.cdraw.codec.io;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes outputs whole or not at all: to a temporary file beside the target, then a rename. */
public final class OutputFiles {
  private OutputFiles() {}

  public static void write(Path target, byte[] bytes, boolean overwrite) throws IOException {
    if (!overwrite && Files.exists(target)) {
      throw new CdrawException(Kind.BAD_INPUT, target + ": exists (use --force to replace it)");
    }
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
