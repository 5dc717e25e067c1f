package dev.backroom.hub.broker;

import dev.backroom.hub.broker.BrokerLogEvent.Connected;
import dev.backroom.hub.broker.BrokerLogEvent.Will;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Mosquitto 2.0's log ({@code log_type all}, {@code log_timestamp false}) one line at a
 * time, as the broker writes it from its single thread, so lines that belong together are
 * adjacent: "New client connected ..." is followed by "Will message specified ..." and the
 * Will's topic on a tab-indented line, or by "No will message specified."; "Received SUBSCRIBE
 * from X" by one tab-indented line per filter, a "X qos filter" line per granted one, then
 * "Sending SUBACK to X". Nearly every line is rejected by one or two prefix checks; regular
 * expressions run only on the rare lines that carry an event. Not thread-safe: one reader.
 *
 * <p>Mosquitto refuses client ids, user names and topics that are not valid UTF-8 or hold
 * control characters, so a client cannot write a line break into the log to forge a line.
 */
public final class MosquittoLog {
  /** The level a line is logged at by the hub. */
  public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

  private static final String CONNECTED = "New client connected from ";
  private static final String WILL = "Will message specified (";
  private static final String NO_WILL = "No will message specified.";
  private static final String CONNACK = "Sending CONNACK to ";
  private static final String DENIED_PUBLISH = "Denied PUBLISH from ";
  private static final String SUBSCRIBE = "Received SUBSCRIBE from ";
  private static final String SUBACK = "Sending SUBACK to ";
  private static final String RUNNING_PREFIX = "mosquitto version ";

  // Greedy client id: the broker appends the parenthesis last, so the last one is its own.
  private static final Pattern CONNECTED_LINE = Pattern.compile(
      "New client connected from (\\S+) as (.*) \\(p\\d+, c\\d+, k(\\d+)(?:, u'(.*)')?\\)\\.");
  private static final Pattern WILL_LINE =
      Pattern.compile("Will message specified \\((\\d+) bytes\\) \\(r(\\d), q(\\d)\\)\\.");
  private static final Pattern CONNACK_LINE = Pattern.compile("Sending CONNACK to (.*) \\((\\d+), (\\d+)\\)");
  private static final Pattern DENIED_LINE = Pattern.compile(
      "Denied PUBLISH from (.*?) \\(d\\d, q(\\d), r(\\d), m\\d+, '(.*)', \\.\\.\\. \\(\\d+ bytes\\)\\)");
  private static final Pattern FILTER_LINE = Pattern.compile("\t(.*) \\(QoS \\d\\)");

  /** A connect whose Will lines are still to come. */
  private Connected pendingConnect;
  private boolean awaitingWillTopic;
  private Will pendingWill;
  /** The SUBSCRIBE being read: its client, the filters asked for and those granted. */
  private String subscriber;
  private List<String> asked;
  private Set<String> granted;

  /** Reads one line (no line terminator); events it completes go to {@code sink}. */
  public void accept(String line, Consumer<BrokerLogEvent> sink) {
    if (pendingConnect != null && continueConnect(line, sink)) {
      return;
    }
    if (subscriber != null && continueSubscribe(line, sink)) {
      return;
    }
    char c = line.isEmpty() ? ' ' : line.charAt(0);
    if (c == 'N' && line.startsWith(CONNECTED)) {
      Matcher m = CONNECTED_LINE.matcher(line);
      if (m.matches()) {
        pendingConnect = new Connected(stripPort(m.group(1)), m.group(2), m.group(4),
            Integer.parseInt(m.group(3)), null);
      }
    } else if (c == 'S' && line.startsWith(CONNACK)) {
      Matcher m = CONNACK_LINE.matcher(line);
      if (m.matches() && !m.group(3).equals("0")) {
        sink.accept(new BrokerLogEvent.ConnectRefused(m.group(1), Integer.parseInt(m.group(3))));
      }
    } else if (c == 'D' && line.startsWith(DENIED_PUBLISH)) {
      Matcher m = DENIED_LINE.matcher(line);
      if (m.matches()) {
        sink.accept(new BrokerLogEvent.PublishDenied(m.group(1), m.group(4),
            Integer.parseInt(m.group(2)), m.group(3).equals("1")));
      }
    } else if (c == 'R' && line.startsWith(SUBSCRIBE)) {
      subscriber = line.substring(SUBSCRIBE.length());
      asked = new ArrayList<>();
      granted = new HashSet<>();
    } else if (c == 'm' && isRunningLine(line)) {
      sink.accept(new BrokerLogEvent.Running(
          line.substring(RUNNING_PREFIX.length(), line.length() - " running".length())));
    }
  }

  /** True when the line belonged to the pending connect. */
  private boolean continueConnect(String line, Consumer<BrokerLogEvent> sink) {
    if (awaitingWillTopic) {
      awaitingWillTopic = false;
      if (line.startsWith("\t")) {
        Will w = pendingWill;
        emitConnect(new Will(line.substring(1), w.qos(), w.retain(), w.bytes()), sink);
        return true;
      }
      // A Will without its topic line: report the connect with the topic unknown ("").
      emitConnect(pendingWill, sink);
      return false;
    }
    if (line.startsWith(WILL)) {
      Matcher m = WILL_LINE.matcher(line);
      if (m.matches()) {
        pendingWill = new Will("", Integer.parseInt(m.group(3)), m.group(2).equals("1"),
            Long.parseLong(m.group(1)));
        awaitingWillTopic = true;
        return true;
      }
    }
    emitConnect(null, sink);
    return line.equals(NO_WILL);
  }

  private void emitConnect(Will will, Consumer<BrokerLogEvent> sink) {
    Connected c = pendingConnect;
    pendingConnect = null;
    pendingWill = null;
    sink.accept(new Connected(c.address(), c.clientId(), c.username(), c.keepAliveSeconds(), will));
  }

  /** True when the line belonged to the SUBSCRIBE being read. */
  private boolean continueSubscribe(String line, Consumer<BrokerLogEvent> sink) {
    if (line.startsWith("\t")) {
      Matcher m = FILTER_LINE.matcher(line);
      if (m.matches()) {
        asked.add(m.group(1));
        return true;
      }
    } else if (line.startsWith(subscriber + " ")) {
      String rest = line.substring(subscriber.length() + 1);
      int space = rest.indexOf(' ');
      if (space > 0) {
        granted.add(rest.substring(space + 1));
        return true;
      }
    }
    boolean suback = line.equals(SUBACK + subscriber);
    List<String> denied = asked.stream().filter(f -> !granted.contains(f)).toList();
    if (suback && !denied.isEmpty()) {
      sink.accept(new BrokerLogEvent.SubscribeDenied(subscriber, denied));
    }
    subscriber = null;
    asked = null;
    granted = null;
    return suback;
  }

  /** Mosquitto's last start-up line, written once every listener is open. */
  static boolean isRunningLine(String line) {
    return line.startsWith(RUNNING_PREFIX) && line.endsWith(" running");
  }

  /** The level at which the hub logs a line of the broker's. */
  public static Level levelOf(String line) {
    if (line.startsWith("Error")) {
      return Level.ERROR;
    }
    if (line.startsWith("Warning")) {
      return Level.WARN;
    }
    if (line.startsWith("mosquitto version") || line.startsWith("Opening ")
        || line.startsWith("Loading plugin") || line.startsWith("Config loaded")) {
      return Level.INFO;
    }
    if (line.startsWith("New c") || line.startsWith("Client ") || line.startsWith("Denied")
        || line.startsWith("dynsec: ") || line.startsWith("Socket error")) {
      return Level.DEBUG;
    }
    return Level.TRACE;
  }

  /** {@code 127.0.0.1:4711} to {@code 127.0.0.1}; an IPv6 address keeps all but its port. */
  static String stripPort(String address) {
    int colon = address.lastIndexOf(':');
    return colon > 0 ? address.substring(0, colon) : address;
  }
}
