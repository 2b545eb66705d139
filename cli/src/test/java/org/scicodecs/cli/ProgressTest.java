package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar: what it draws, that it erases itself, and that it is silent off a terminal. */
class ProgressTest {
  @Test
  void drawsTheBarInPlaceAndErasesIt() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress p = Progress.forTesting("bench", 4, out)) {
      p.label("zfp --tolerance 0.01");
      p.advance();
      assertTrue(p.render().startsWith("bench [######------------------] 1/4 0:00  zfp --tolerance 0.01"),
          p.render());
      Thread.sleep(450);
    }
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(drawn.startsWith("\r") && drawn.contains("1/4"), drawn);
    assertTrue(drawn.endsWith("\r"), "erased at the end");
    assertFalse(drawn.contains("\n"), "updated in place, never a new line");
  }

  @Test
  void indeterminateWorkShowsAMovingMarker() {
    Progress p = Progress.forTesting("decode zfp", 0, new PrintStream(new ByteArrayOutputStream()));
    // the drawing thread may have moved it already: anywhere inside the bar, the bar's width
    String line = p.render();
    assertTrue(line.matches("decode zfp \\[ *<=> *\\] .*"), line);
    assertEquals(24, line.indexOf(']') - line.indexOf('[') - 1, line);
    p.close();
  }

  @Test
  void silentWhenNotOnATerminal() {
    // Under the test runner stdin/stdout are not a terminal.
    assertFalse(Progress.onTerminal());
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes));
    try (Progress p = Progress.start("bench", 3)) {
      p.advance();
      Thread.sleep(700);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      System.setErr(saved);
    }
    assertEquals("", bytes.toString());
  }
}
