package org.mydatakit.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of the running jar, from its manifest's {@code Implementation-Version}. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"mydatakit " + current()};
  }

  /** The jar's {@code Implementation-Version}, or {@code dev} when run from classes. */
  static String current() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
