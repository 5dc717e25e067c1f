package dev.backroom.hub.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versioned URLs of the UI's own assets ({@code /ui/app.js?v=<hash>}). Browsers keep what the hub
 * serves under a {@code ?v=} for a long time ({@code hub.web.AssetCaching}); the version is a
 * hash of the file's content, so a hub upgraded with a new script gives its pages a new URL and
 * no tablet runs yesterday's script against today's pages, while an unchanged file keeps its
 * URL (and its cache) across upgrades. Computed once per file per run.
 */
final class UiAssets {
  static final String ROOT = "META-INF/resources/ui/";
  private static final Map<String, String> URLS = new ConcurrentHashMap<>();

  private UiAssets() {}

  static String url(String name) {
    return URLS.computeIfAbsent(name, n -> "/ui/" + n + "?v=" + version(n));
  }

  /** The first 12 hex digits of the SHA-256 of the asset's bytes. */
  static String version(String name) {
    try (InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no UI asset " + ROOT + name);
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(in.readAllBytes())).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
