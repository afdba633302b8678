package org.mydatakit.demo;

/**
 * The demo cannot go on: a server did not start, or an answer was not what the flow needs. Its
 * message is the demo's own text (never a token, key or citizen identifier) and is printed as is.
 */
final class DemoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DemoFailure(String message) {
    super(message);
  }
}
