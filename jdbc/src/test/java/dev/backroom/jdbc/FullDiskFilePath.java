package dev.backroom.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:fulldisk:<path>}) over the real disk whose writes can be
 * refused as a full disk refuses them ({@code IOException: No space left on device}), so a test
 * meets what H2 does then (it closes the database) without mounting a filesystem. The hub's
 * tests have the same for its outbox; H2 creates an instance per path by reflection, hence
 * public.
 */
public class FullDiskFilePath extends FilePathWrapper {
  private static volatile boolean full;

  static {
    FilePath.register(new FullDiskFilePath());
  }

  /** Registers the scheme (once per class loader) and gives the disk room. */
  static void register() {
    full = false;
  }

  static void fill() {
    full = true;
  }

  static void free() {
    full = false;
  }

  @Override
  public String getScheme() {
    return "fulldisk";
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new Channel(super.open(mode));
  }

  private static final class Channel extends FileBase {
    private final FileChannel base;

    Channel(FileChannel base) {
      this.base = base;
    }

    private static void refuseIfFull() throws IOException {
      if (full) {
        throw new IOException("No space left on device");
      }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      refuseIfFull();
      return base.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      refuseIfFull();
      return base.write(src, position);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      base.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
