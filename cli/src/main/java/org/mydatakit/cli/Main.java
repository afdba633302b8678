package org.mydatakit.cli;

/** Entry point of the {@code mydatakit} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("mydatakit");
  }
}
