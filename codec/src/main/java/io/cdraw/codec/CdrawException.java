package io.cdraw.codec;

/** A failure the user caused or can act on; the kind decides the command-line exit code. */
public class CdrawException extends RuntimeException {
  /** What went wrong, from the user's side. */
  public enum Kind {
    /** Unreadable or unsuitable input: missing file, not an image, too large, wrong model. */
    BAD_INPUT(3),
    /** A .cdraw stream that is damaged, truncated or decodes inconsistently. */
    CORRUPT_STREAM(4),
    /** A .cdraw stream from a format version or model this build cannot decode. */
    UNSUPPORTED_STREAM(5);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Kind kind;

  public CdrawException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public CdrawException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
