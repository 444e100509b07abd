package io.cdraw.cli;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.io.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Input and output files where "-" means standard input or output. */
final class Streams {
  /** Inputs larger than this are refused before they are read. */
  static final long MAX_INPUT_BYTES = 1L << 30;

  private Streams() {}

  /**
   * The whole of file {@code name} ("-": standard input), refused past {@link #MAX_INPUT_BYTES}
   * while reading: devices and FIFOs have no size to check first ({@code /dev/zero} never ends).
   */
  static byte[] read(String name) throws IOException {
    boolean stdin = "-".equals(name);
    String label = stdin ? "standard input" : name;
    byte[] bytes;
    if (stdin) {
      bytes = System.in.readNBytes((int) MAX_INPUT_BYTES + 1);
    } else {
      Path p = Path.of(name);
      if (Files.isDirectory(p)) {
        throw new CdrawException(Kind.BAD_INPUT, name + ": is a folder");
      }
      if (Files.isRegularFile(p) && Files.size(p) > MAX_INPUT_BYTES) {
        throw new CdrawException(Kind.BAD_INPUT, name + ": larger than 1 GiB");
      }
      try (InputStream in = Files.newInputStream(p)) {
        bytes = in.readNBytes((int) MAX_INPUT_BYTES + 1);
      } catch (NoSuchFileException e) {
        throw new CdrawException(Kind.BAD_INPUT, name + ": no such file");
      } catch (java.nio.file.FileSystemException e) {
        // Java's message is the path alone ("x.png") for a denied read: give the OS reason
        throw new CdrawException(Kind.BAD_INPUT, name + ": cannot read ("
            + (e.getReason() != null ? e.getReason()
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName()) + ")");
      }
    }
    if (bytes.length > MAX_INPUT_BYTES) {
      throw new CdrawException(Kind.BAD_INPUT, label + ": larger than 1 GiB");
    }
    return bytes;
  }

  static void write(String name, byte[] bytes, boolean force) throws IOException {
    if ("-".equals(name)) {
      System.out.write(bytes);
      System.out.flush();
    } else {
      OutputFiles.write(Path.of(name), bytes, force);
    }
  }

  /**
   * Where the output for {@code input} goes: {@code output} when given (one input only), standard
   * output for standard input, otherwise beside the input with {@code extension}.
   */
  static String outputFor(String input, String output, String extension) {
    return output != null ? output : "-".equals(input) ? "-" : sibling(input, extension);
  }

  /** Refuses -o with several inputs. */
  static void checkSingleOutput(picocli.CommandLine cl, String output, java.util.List<String> inputs) {
    if (output != null && inputs.size() > 1) {
      throw new picocli.CommandLine.ParameterException(cl,
          "-o takes one input; got " + inputs.size());
    }
  }

  /** {@code input} with its extension replaced, beside it. */
  static String sibling(String input, String extension) {
    String base = input;
    int slash = base.lastIndexOf('/');
    int dot = base.lastIndexOf('.');
    if (dot > slash + 1) {
      base = base.substring(0, dot);
    }
    return base + extension;
  }
}
