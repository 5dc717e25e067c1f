package dev.backroom.hub.ui;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting the templates call as properties, e.g. {@code {e.at.clock}}. */
@TemplateExtension
final class UiTemplateExtensions {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private UiTemplateExtensions() {}

  /** Month, day and UTC time to the second: the full instant is in the element's title. */
  static String clock(Instant t) {
    return t == null ? "-" : CLOCK.format(t);
  }
}
