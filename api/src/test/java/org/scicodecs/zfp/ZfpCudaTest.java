package org.scicodecs.zfp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.TestData;
import org.scicodecs.nativelib.NativeLibraries;

/**
 * CUDA execution: what zfp's CUDA backend cannot do is refused, never run on the CPU instead; with
 * libzfp-cuda.so and a GPU, the stream equals the CPU's (fixed-rate streams are the same format).
 * Without the library or a GPU the error says which is missing.
 */
class ZfpCudaTest {

  @Test
  void modesAndShapesTheCudaBackendCannotDoAreRefused() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 16, 16, 16);
      var accuracy = assertThrows(ZfpException.class,
          () -> Zfp.encode(data, ZfpOptions.tolerance(1e-3).withExecution(ZFP.EXEC.CUDA)));
      assertTrue(accuracy.getMessage().contains("fixed-rate mode only"), accuracy.getMessage());
      NdArray fourD = TestData.smooth(arena, DType.FLOAT32, 4, 4, 4, 4);
      var dims = assertThrows(ZfpException.class,
          () -> Zfp.encode(fourD, ZfpOptions.rate(8).withExecution(ZFP.EXEC.CUDA)));
      assertTrue(dims.getMessage().contains("1 to 3 dimensions"), dims.getMessage());
    }
  }

  @Test
  void fixedRateOnCudaEqualsTheCpuStreamOrSaysWhatIsMissing() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 32, 48, 40);
      ZfpOptions rate = ZfpOptions.rate(8);
      if (!NativeLibraries.isAvailable("zfp-cuda")) {
        var e = assertThrows(ZfpException.class,
            () -> Zfp.encode(data, rate.withExecution(ZFP.EXEC.CUDA)));
        assertTrue(e.getMessage().contains("libzfp-cuda.so"), e.getMessage());
        return;
      }
      byte[] cpu = Zfp.encode(data, rate);
      byte[] gpu;
      try {
        gpu = Zfp.encode(data, rate.withExecution(ZFP.EXEC.CUDA));
      } catch (ZfpException e) {
        assertTrue(e.getMessage().contains("no usable GPU"), e.getMessage());
        return;
      }
      assertArrayEquals(cpu, gpu, "CUDA fixed-rate stream differs from the CPU's");
    }
  }
}
