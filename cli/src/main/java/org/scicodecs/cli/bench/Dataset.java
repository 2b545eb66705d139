package org.scicodecs.cli.bench;

import java.nio.file.Path;
import org.scicodecs.NdArray;
import org.scicodecs.cli.codec.DataStats;

/**
 * A benchmark data set: a {@code .npy} file, mapped, with its statistics.
 *
 * <p>Thread-safe: immutable; the array's memory lives as long as the arena that mapped it.
 *
 * {@snippet :
 * Dataset ds = new Dataset("field", path, array, DataStats.of(array));
 * }
 *
 * @param name a short name for tables and plots (the file name without {@code .npy})
 * @param file the {@code .npy} file (imagecodecs reads the same file)
 * @param data the mapped array
 * @param stats dtype, shape and value range
 */
public record Dataset(String name, Path file, NdArray data, DataStats stats) {}
