package dev.backroom.httpguard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 exchange over a plain socket that writes the request target exactly as given.
 * JDK and RestAssured clients normalise or re-encode paths, so the apps' tests use this to prove
 * on the wire what {@link PathGuardRoute} refuses and what a bypass attempt gets.
 */
public final class RawRequest {
  /** The status, the headers (names lower-cased) and the body as UTF-8. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  private RawRequest() {}

  /**
   * Sends {@code method target HTTP/1.1} with {@code headers} (each "Name: value") and
   * {@code Connection: close}, and reads the whole answer.
   *
   * @throws IOException if the connection fails or the answer is not HTTP/1.x
   */
  public static Answer send(String host, int port, String method, String target,
      String... headers) throws IOException {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder(method).append(' ').append(target)
          .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(s.getInputStream().readAllBytes());
    }
  }

  static Answer parse(byte[] raw) throws IOException {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int headEnd = all.indexOf("\r\n\r\n");
    if (!all.startsWith("HTTP/1.") || headEnd < 0) {
      throw new IOException("not an HTTP/1.x answer: " + all);
    }
    String[] lines = all.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(new java.io.ByteArrayInputStream(body));
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("chunked body ends early");
        }
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int semi = size.indexOf(";");
      int n = Integer.parseInt(semi < 0 ? size.toString().trim() : size.substring(0, semi), 16);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      in.readNBytes(2);
    }
  }
}
