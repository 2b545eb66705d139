package org.scicodecs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.cli.codec.ArraySpec;
import org.scicodecs.cli.codec.CodecAdapter;
import org.scicodecs.cli.codec.Codecs;
import org.scicodecs.cli.codec.Decoding;
import org.scicodecs.cli.io.ArrayFiles;
import org.scicodecs.cli.io.AtomicOutput;
import org.scicodecs.cli.io.Io;

/**
 * {@code scicodecs decode CODEC [options] IN OUT}: maps the stream IN, reads its header (or takes
 * {@code --shape}/{@code --dtype} where the stream does not record them), creates OUT's temporary
 * file at its final size — a {@code .npy} file if OUT's name ends in {@code .npy}, raw C-order
 * data otherwise — maps it, decodes straight into it and renames it to OUT. A stream that fails to
 * decode leaves no OUT behind.
 *
 * <p>Not thread-safe: one run per call.
 *
 * {@snippet :
 * int status = DecodeCommand.run(List.of("zfp", "in.zfp", "out.npy"), System.out);
 * }
 */
public final class DecodeCommand {
  /** Options every codec's decode takes. */
  static final List<OptionSpec> COMMON =
      List.of(
          OptionSpec.shape("shape", "the output's shape, for streams that do not record it"),
          OptionSpec.dtype("dtype", "the output's element type, for streams that do not record it"),
          OptionSpec.flag("quiet", "print nothing on success"),
          OptionSpec.flag("help", "this help"));

  private DecodeCommand() {}

  /** The options {@code decode CODEC} accepts. */
  static List<OptionSpec> options(CodecAdapter c) {
    List<OptionSpec> all = new ArrayList<>(c.decodeOptions());
    all.addAll(COMMON);
    return all;
  }

  /** Runs the command; {@code args} start with the codec's name. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || Help.wanted(args.subList(0, 1))) {
      if (args.isEmpty()) {
        throw CliException.usage("'decode' needs CODEC IN OUT (usage: scicodecs decode CODEC [options] IN OUT;"
            + " codecs: " + Codecs.names() + ")");
      }
      out.print(Help.command("decode"));
      return 0;
    }
    CodecAdapter codec = Codecs.get(args.getFirst());
    List<String> rest = args.subList(1, args.size());
    if (Help.wanted(rest)) {
      out.print(Help.codec(codec));
      return 0;
    }
    String context = "decode " + codec.name();
    Params p = Params.parse(rest, options(codec), context);
    List<String> files = p.positionals(context, "IN", "OUT");
    Path in = Path.of(files.get(0));
    Path target = Path.of(files.get(1));
    Main.requireAvailable(codec);
    long t0 = System.nanoTime();
    try (Arena streamArena = Arena.ofConfined()) {
      MemorySegment stream = ArrayFiles.mapStream(in, streamArena);
      // The output is a file the user asked for: what bounds it is the disk, not the default cap
      // on memory a decoder allocates by itself.
      long free = usableSpace(target);
      System.setProperty(DecodeLimits.PROPERTY, Long.toString(Math.max(DecodeLimits.DEFAULT_MAX_BYTES, free)));
      Decoding decoding = Main.stream(in, () -> codec.decoder(stream, p));
      ArraySpec spec = decoding.output();
      if (spec.byteSize() > free) {
        throw CliException.io(
            in + " decodes to " + spec + " (" + Main.bytes(spec.byteSize()) + "), more than the "
                + Main.bytes(free) + " free for " + target, null);
      }
      try (AtomicOutput tmp = AtomicOutput.create(target);
          Progress bar = Progress.start("decode " + codec.name(), 0)) {
        bar.label(in + " -> " + target);
        try (Arena outArena = Arena.ofConfined()) {
          NdArray array = ArrayFiles.createArray(tmp.path(), ArrayFiles.wantsNpy(target), spec, outArena);
          Main.stream(in, () -> {
            decoding.decodeInto(array);
            return null;
          });
        } // unmapped (and written back) before the rename
        tmp.commit();
      } catch (IOException e) {
        throw Io.error(e, target);
      }
      if (decoding.note() != null) {
        err.println("scicodecs: note: " + in + ": " + decoding.note());
      }
      if (!p.flag("quiet")) {
        out.printf(Locale.ROOT, "%s: %s -> %s: %s, %s (%s, %.2f s)%n", in, Main.bytes(stream.byteSize()),
            target, spec, Main.bytes(spec.byteSize()), codec.name(), (System.nanoTime() - t0) / 1e9);
      }
    }
    return 0;
  }

  private static long usableSpace(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw Io.error(e, dir);
    }
  }
}
