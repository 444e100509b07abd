package io.cdraw.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = CdrawCommand.class.getPackage().getImplementationVersion();
    return new String[] {"cdraw " + (v == null ? "development" : v)};
  }
}
