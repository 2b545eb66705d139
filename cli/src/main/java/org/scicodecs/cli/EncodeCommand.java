package org.scicodecs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scicodecs.NdArray;
import org.scicodecs.cli.codec.ArraySpec;
import org.scicodecs.cli.codec.CodecAdapter;
import org.scicodecs.cli.codec.Codecs;
import org.scicodecs.cli.codec.Encoding;
import org.scicodecs.cli.io.ArrayFiles;
import org.scicodecs.cli.io.AtomicOutput;
import org.scicodecs.cli.io.FileAllocator;
import org.scicodecs.cli.io.Io;
import org.scicodecs.cli.io.ScratchMemory;

/**
 * {@code scicodecs encode CODEC [options] IN OUT}: maps IN (a {@code .npy} file, or raw data with
 * {@code --shape} and {@code --dtype}), encodes it with the codec straight into a memory-mapped
 * temporary file next to OUT, cuts that to the stream's length and renames it to OUT. OUT holds
 * only the codec's stream, as imagecodecs writes it.
 *
 * <p>Not thread-safe: one run per call.
 *
 * {@snippet :
 * int status = EncodeCommand.run(List.of("zfp", "--tolerance", "1e-3", "in.npy", "out.zfp"), System.out);
 * }
 */
public final class EncodeCommand {
  /** Options every codec's encode takes. */
  static final List<OptionSpec> COMMON =
      List.of(
          OptionSpec.shape("shape", "raw IN only: the array's shape"),
          OptionSpec.dtype("dtype", "raw IN only: the element type (" + Params.DTYPE_NAMES + ")"),
          OptionSpec.flag("quiet", "print nothing on success"),
          OptionSpec.flag("help", "this help"));

  private EncodeCommand() {}

  /** The options {@code encode CODEC} accepts. */
  static List<OptionSpec> options(CodecAdapter c) {
    List<OptionSpec> all = new ArrayList<>(c.encodeOptions());
    all.addAll(COMMON);
    return all;
  }

  /** Runs the command; {@code args} start with the codec's name. */
  public static int run(List<String> args, PrintStream out) {
    if (args.isEmpty() || Help.wanted(args.subList(0, 1))) {
      if (args.isEmpty()) {
        throw CliException.usage("'encode' needs CODEC IN OUT (usage: scicodecs encode CODEC [options] IN OUT;"
            + " codecs: " + Codecs.names() + ")");
      }
      out.print(Help.command("encode"));
      return 0;
    }
    CodecAdapter codec = Codecs.get(args.getFirst());
    List<String> rest = args.subList(1, args.size());
    if (Help.wanted(rest)) {
      out.print(Help.codec(codec));
      return 0;
    }
    String context = "encode " + codec.name();
    Params p = Params.parse(rest, options(codec), context);
    List<String> files = p.positionals(context, "IN", "OUT");
    Path in = Path.of(files.get(0));
    Path target = Path.of(files.get(1));
    Main.requireAvailable(codec);
    long t0 = System.nanoTime();
    try (Arena inArena = Arena.ofConfined()) {
      NdArray data = ArrayFiles.openArray(in, p, inArena);
      if (!codec.accepts(data.dtype(), data.ndim())) {
        throw CliException.usage(
            codec.name() + " encodes " + codec.accepts() + "; " + in + " holds "
                + new ArraySpec(data.dtype(), data.shape()));
      }
      Encoding encoding = codec.encoder(p, data);
      long written;
      try (AtomicOutput tmp = AtomicOutput.create(target);
          Progress bar = Progress.start("encode " + codec.name(), 0)) {
        bar.label(in + " -> " + target);
        if (!data.isContiguous() && !codec.takesStridedInput()) {
          NdArray copy = NdArray.of(
              ScratchMemory.allocate(data.byteSize(), tmp.path().getParent(), inArena), data.dtype(), data.shape());
          data.copyTo(copy); // codecs other than zfp take C order; no heap used, whatever the size
          data = copy;
        }
        NdArray source = data;
        written = Main.stream(in, () -> {
          try {
            return encode(encoding, source, tmp.path());
          } catch (IOException e) {
            throw Io.error(e, target);
          }
        });
        tmp.commit();
      } catch (IOException e) {
        throw Io.error(e, target);
      }
      if (!p.flag("quiet")) {
        String how = (codec.name() + " " + p.commandLine("shape", "dtype", "quiet")).strip();
        out.printf(Locale.ROOT, "%s: %s, %s -> %s: %s, ratio %.2f (%s, %.2f s)%n", in,
            new ArraySpec(data.dtype(), data.shape()), Main.bytes(data.byteSize()), target,
            Main.bytes(written), data.byteSize() / (double) Math.max(1, written), how,
            (System.nanoTime() - t0) / 1e9);
      }
    }
    return 0;
  }

  /** Encodes into the mapped file {@code file} and cuts it to the stream; returns its length. */
  private static long encode(Encoding encoding, NdArray data, Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long length;
      MemorySegment ownStream = null;
      Arena mapping = Arena.ofConfined();
      try {
        FileAllocator allocator = new FileAllocator(ch, mapping);
        MemorySegment stream = encoding.encode(data, allocator);
        length = allocator.length(stream);
        if (length < 0) {
          ownStream = stream; // a codec that kept its own buffer: write it out below
          length = stream.byteSize();
          write(ch, stream);
        }
      } finally {
        mapping.close(); // unmaps the file before it is truncated
      }
      if (ownStream == null) {
        FileAllocator.finish(ch, length);
      } else {
        ch.truncate(length);
      }
      return length;
    }
  }

  private static void write(FileChannel ch, MemorySegment stream) throws IOException {
    long pos = 0;
    while (pos < stream.byteSize()) {
      long n = Math.min(1L << 30, stream.byteSize() - pos);
      ByteBuffer b = stream.asSlice(pos, n).asByteBuffer();
      while (b.hasRemaining()) {
        ch.write(b, pos + b.position());
      }
      pos += n;
    }
  }
}
