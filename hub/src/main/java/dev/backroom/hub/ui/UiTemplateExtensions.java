package dev.backroom.hub.ui;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;

/** Formatting the templates call as properties, e.g. {@code {e.at.clock}}. */
@TemplateExtension
final class UiTemplateExtensions {
  private UiTemplateExtensions() {}

  /** The time in UTC with its zone (and year when not this one); the ISO instant is the title. */
  static String clock(Instant t) {
    return UiFormat.clock(t, Instant.now());
  }

  /**
   * {@code {clock:nowMillis}}: the hub's clock when the page was rendered, from which the page
   * corrects a browser whose own clock is off when it moves ages ("12 s ago") on.
   */
  @TemplateExtension(namespace = "clock")
  static long nowMillis() {
    return System.currentTimeMillis();
  }

  /** {@code {fmt:bytes(n)}}: a byte count in binary units. */
  @TemplateExtension(namespace = "fmt")
  static String bytes(long b) {
    return UiFormat.bytes(b);
  }

  /** {@code {fmt:mib(n)}}: a size the hub counts in MiB. */
  @TemplateExtension(namespace = "fmt")
  static String mib(long m) {
    return UiFormat.mib(m);
  }

  /** {@code {asset:url('app.js')}}: the URL of a UI asset with its content version. */
  @TemplateExtension(namespace = "asset")
  static String url(String name) {
    return UiAssets.url(name);
  }
}
