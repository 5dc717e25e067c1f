package dev.backroom.hub.broker.conformance;

/**
 * A broker identity a test connects as. {@code clientId} is the one it is meant to use (a
 * device's account is bound to {@code agent-{id}}); {@code username} null means anonymous.
 */
record Account(String username, char[] password, String clientId) {
  static Account anonymous(String clientId) {
    return new Account(null, null, clientId);
  }

  Account withClientId(String id) {
    return new Account(username, password, id);
  }

  Account withPassword(String pw) {
    return new Account(username, pw.toCharArray(), clientId);
  }

  @Override
  public String toString() {
    return (username == null ? "anonymous" : username) + " as " + clientId;
  }
}
