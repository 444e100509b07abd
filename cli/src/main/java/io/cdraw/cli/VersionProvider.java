package io.cdraw.cli;

import io.cdraw.codec.format.CdrawFormat;
import picocli.CommandLine.IVersionProvider;

/**
 * The version from the jar manifest (or "development" when run from classes) and the stream
 * format it writes.
 */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = CdrawCommand.class.getPackage().getImplementationVersion();
    return new String[] {"cdraw " + (v == null ? "development" : v) + ", writes .cdraw format "
        + CdrawFormat.VERSION};
  }
}
