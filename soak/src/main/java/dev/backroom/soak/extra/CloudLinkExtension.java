package dev.backroom.soak.extra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.harness.TcpProxy;
import dev.backroom.soak.FaultKind;
import dev.backroom.soak.SoakExtension;
import dev.backroom.soak.SoakOptions;
import dev.backroom.soak.SoakView;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's link to the cloud through a {@link TcpProxy} (the hub enrols with the proxy's URL),
 * and its faults: {@code link-cut} (refused or black-holed, the seed picks), {@code link-stall}
 * (bytes accepted, none delivered) and {@code link-slow} (latency and rate from the seed). Only
 * when one of the three is selected: otherwise the hub talks to the cloud directly.
 */
public final class CloudLinkExtension implements SoakExtension {
  private static final List<String> KINDS = List.of("link-cut", "link-stall", "link-slow");
  private boolean on;
  private TcpProxy proxy;
  private CloudLinkFault link;

  @Override
  public void prepare(SoakOptions options, Path runDir) {
    on = KINDS.stream().anyMatch(options.faults()::contains);
  }

  @Override
  public String hubCloudUrl(String cloudUrl) {
    if (!on) {
      return cloudUrl;
    }
    proxy = TcpProxy.start(URI.create(cloudUrl).getPort());
    link = new CloudLinkFault(proxy);
    return proxy.url();
  }

  @Override
  public List<FaultKind> faultKinds(SoakView view) {
    if (!on) {
      return List.of();
    }
    List<FaultKind> out = new ArrayList<>();
    out.add(ExtraFault.kind("link-cut", random -> {
      CloudLinkFault.Kind k = random.nextBoolean() ? CloudLinkFault.Kind.REFUSED
          : CloudLinkFault.Kind.BLACKHOLE;
      return fault("link-cut", k.name().toLowerCase(java.util.Locale.ROOT), () -> link.inject(k));
    }));
    out.add(ExtraFault.kind("link-stall", random -> fault("link-stall", "stalled",
        () -> link.inject(CloudLinkFault.Kind.STALLED))));
    out.add(ExtraFault.kind("link-slow", random -> {
      // As CloudLinkFault.inject(SLOW, random): 200 ms to 2 s a chunk, 2 to 64 KiB/s.
      Duration latency = Duration.ofMillis(200 + random.nextInt(1_800));
      long rate = 2_048L << random.nextInt(6);
      return fault("link-slow", "slow " + latency.toMillis() + " ms, " + rate + " B/s",
          () -> link.slow(latency, rate));
    }));
    return out;
  }

  private ExtraFault fault(String kind, String how, Runnable inject) {
    return new ExtraFault(kind, "hub-cloud link (" + how + ")", () -> {
      inject.run();
      return "hub-cloud link " + how;
    }, () -> {
      link.heal();
      return "hub-cloud link healed";
    });
  }

  @Override
  public void addTo(ObjectNode result) {
    if (link != null) {
      ObjectNode o = result.putObject("cloud_link");
      o.put("through", "harness TcpProxy on 127.0.0.1:" + proxy.port());
      link.injected().forEach((k, v) -> o.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
    }
  }

  @Override
  public void close() {
    if (proxy != null) {
      proxy.close();
    }
  }
}
