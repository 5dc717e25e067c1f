package dev.backroom.soak.extra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.soak.FaultKind;
import dev.backroom.soak.SoakExtension;
import dev.backroom.soak.SoakOptions;
import dev.backroom.soak.SoakView;
import java.nio.file.Path;
import java.util.List;

/**
 * The hub's data directory on a {@link FullDisk} tmpfs, and the {@code disk-full} fault: the
 * filesystem filled until 0 to 1 MiB is free (the seed picks), held, the ballast deleted. Only
 * with {@code --faults +disk-full}, because mounting needs root; without it the run stops with
 * the reason. The hub survives it and recovers by itself once space is back (FullDiskIT).
 */
public final class FullDiskExtension implements SoakExtension {
  static final long SIZE = 128L << 20;
  private boolean on;
  private Path runDir;
  private FullDisk disk;

  @Override
  public void prepare(SoakOptions options, Path runDir) {
    on = options.faults().contains("disk-full");
    this.runDir = runDir;
  }

  @Override
  public Path hubDataDir(Path proposed) {
    if (!on) {
      return proposed;
    }
    disk = FullDisk.mount(runDir.resolve("hub-disk"), SIZE);
    return disk.path().resolve(proposed.getFileName());
  }

  @Override
  public List<FaultKind> faultKinds(SoakView view) {
    if (disk == null) {
      return List.of();
    }
    return List.of(ExtraFault.kind("disk-full", random -> {
      long leave = random.nextInt(1 << 20);
      return new ExtraFault("disk-full", "hub data disk (" + leave + " B left free)",
          () -> "filled the hub's data disk with " + disk.inject(leave) + " B of ballast, "
              + disk.freeBytes() + " B free",
          () -> {
            disk.heal();
            return "deleted the ballast, " + disk.freeBytes() + " B free";
          });
    }));
  }

  @Override
  public void addTo(ObjectNode result) {
    if (disk != null) {
      result.putObject("full_disk").put("tmpfs_bytes", SIZE).put("filled", disk.injected());
    }
  }

  @Override
  public void close() {
    if (disk != null) {
      disk.close();
    }
  }
}
