package org.mydatakit.cli;

/**
 * The checkpoint of a published proof vector (signed-note.json,
 * derived/tlog-proof/index-5-extra-cosigned).
 */
final class CosignedVector {
  static final String CHECKPOINT =
      "localhost.localdev/sumdb\n"
          + "8\n"
          + "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
          + "\n"
          + "\u2014 localhost.localdev/sumdb AAAMZwUpqgTdpph/EXx5T6Obfg9vClAjgm8OdwLnzb39vuN2TEutw1EmMbzS5nYfNGYvmRrUdVDrDLWo+gbhOPW/hwM=\n"
          + "\u2014 EnochRoot 110UEgAAAABkGFDLwjufO4BV7OVHro0WMyrSP2W2UrDuhl1MP3pXFe6jx2NbDCeXAe1B8AC0fuStPD66gpWLNHIPw/1yEobunVxkBw==\n";

  private CosignedVector() {}
}
