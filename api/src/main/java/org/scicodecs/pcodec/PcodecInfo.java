package org.scicodecs.pcodec;

import org.scicodecs.DType;

/**
 * What a standalone pco stream says about itself before decoding ({@link Pcodec#readInfo}): the
 * number type it records and the element count its writer recorded.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * PcodecInfo info = Pcodec.readInfo(stream);
 * if (info.count() > 0) {
 *   System.out.println(info.count() + " values of " + info.dtype());
 * }
 * }
 *
 * @param dtype the recorded number type, or null for an empty stream that records none
 * @param count the element count the writer recorded: exact for pco's simple compression (all of
 *     scicodecs' and imagecodecs' streams); 0 when the writer did not record it
 */
public record PcodecInfo(DType dtype, long count) {}
