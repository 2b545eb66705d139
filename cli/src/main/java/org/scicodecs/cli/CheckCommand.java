package org.scicodecs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scicodecs.cli.codec.ArraySpec;
import org.scicodecs.cli.codec.CodecAdapter;
import org.scicodecs.cli.codec.Codecs;
import org.scicodecs.cli.codec.Recognition;
import org.scicodecs.cli.io.ArrayFiles;
import org.scicodecs.cli.io.Io;
import org.scicodecs.io.Npy;

/**
 * {@code scicodecs check FILE}: which codecs recognise the file, and what their stream headers say
 * (dtype, shape, mode) where they say it. Streams without a signature (SZIP, AEC) are listed as
 * unrecognisable; a {@code .npy} file is described as the array it is. Exit status 0 when some
 * codec recognises the file (for sure or possibly), 1 when none does.
 *
 * <p>Not thread-safe: one run per call.
 *
 * {@snippet :
 * int status = CheckCommand.run(List.of("field.zfp"), System.out);
 * }
 */
public final class CheckCommand {
  static final List<OptionSpec> OPTIONS = List.of(OptionSpec.flag("help", "this help"));

  private CheckCommand() {}

  /** Runs the command. */
  public static int run(List<String> args, PrintStream out) {
    if (Help.wanted(args)) {
      out.print(Help.command("check"));
      return 0;
    }
    Params p = Params.parse(args, OPTIONS, "check");
    Path file = Path.of(p.positionals("check", "FILE").getFirst());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bytes = ArrayFiles.mapStream(file, arena);
      out.println(file + ": " + bytes.byteSize() + " bytes");
      try {
        if (ArrayFiles.isNpy(file)) {
          Npy.Header h;
          try {
            h = Npy.readHeader(file);
          } catch (IllegalArgumentException e) {
            out.println("  a NumPy .npy file, but invalid: " + e.getMessage());
            return ExitCode.CODEC.status();
          }
          out.printf(Locale.ROOT, "  a NumPy .npy file (format %d.%d): %s%s, data at byte %d"
                  + " (an array to encode, not a codec stream)%n", h.majorVersion(), h.minorVersion(),
              new ArraySpec(h.dtype(), h.shape()), h.fortranOrder() ? ", Fortran order" : "",
              h.dataOffset());
          return 0;
        }
      } catch (IOException e) {
        throw Io.error(e, file);
      }
      boolean found = false;
      List<String> cannotTell = new ArrayList<>();
      List<String> unavailable = new ArrayList<>();
      for (CodecAdapter c : Codecs.ALL) {
        if (!c.available()) {
          unavailable.add(c.name());
          continue;
        }
        Recognition r = c.check(bytes);
        switch (r.verdict()) {
          case YES -> {
            out.printf(Locale.ROOT, "  %-7s yes    %s%n", c.name(), r.details());
            found = true;
          }
          case MAYBE -> {
            out.printf(Locale.ROOT, "  %-7s maybe  %s%n", c.name(), r.details());
            found = true;
          }
          case CANNOT_TELL -> cannotTell.add(c.name());
          case NO -> {}
        }
      }
      if (!found) {
        out.println("  no codec recognises it");
      }
      if (!cannotTell.isEmpty()) {
        out.println("  " + String.join(", ", cannotTell)
            + ": cannot tell (their streams have no signature)");
      }
      if (!unavailable.isEmpty()) {
        out.println("  not checked (library not available): " + String.join(", ", unavailable));
      }
      return found ? 0 : ExitCode.CODEC.status();
    }
  }
}
