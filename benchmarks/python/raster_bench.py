"""The imagecodecs side of the raster benchmark (scripts/bench-raster): the same codecs and
parameters as benchmarks/c/raster_bench.c, with preallocated outputs, printing the same lines
(CODEC SIZE ENCODE_NS DECODE_NS OK, medians after a warm-up).

Usage: python raster_bench.py FILE u16|i16 FRAMES ROWS COLS REPS
"""
import sys
import time

import imagecodecs
import numpy


def timed(reps, encode, decode):
    for _ in range(3):
        decode(encode())
    te, td = [], []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        stream = encode()
        te.append(time.perf_counter_ns() - t0)
        t0 = time.perf_counter_ns()
        decode(stream)
        td.append(time.perf_counter_ns() - t0)
    return stream, sorted(te)[reps // 2], sorted(td)[reps // 2]


def main(path, kind, frames, rows, cols, reps):
    dtype = numpy.dtype('<i2' if kind == 'i16' else '<u2')
    data = numpy.fromfile(path, dtype=dtype).reshape(frames, rows, cols)
    back = numpy.empty_like(data)
    out = bytearray(data.nbytes * 2 + 4096)
    signed = 1 if kind == 'i16' else 0

    def report(codec, stream, te, td, decoded):
        ok = numpy.array_equal(numpy.frombuffer(decoded, dtype=dtype).reshape(data.shape), data)
        print(codec, len(stream), te, td, int(ok), flush=True)

    s, te, td = timed(reps, lambda: imagecodecs.lerc_encode(data, level=0.0, version=4, planar=True, out=out),
                      lambda st: imagecodecs.lerc_decode(st, out=back))
    report('lerc', s, te, td, back)
    args = dict(options_mask=141, pixels_per_block=32, bits_per_pixel=16, pixels_per_scanline=cols, header=True)
    dec = bytearray(data.nbytes)
    s, te, td = timed(reps, lambda: imagecodecs.szip_encode(data, **args, out=out),
                      lambda st: imagecodecs.szip_decode(st, **args, out=dec))
    report('szip', s, te, td, dec)
    aec = dict(bitspersample=16, flags=8 | signed, blocksize=16, rsi=128)
    s, te, td = timed(reps, lambda: imagecodecs.aec_encode(data, **aec, out=out),
                      lambda st: imagecodecs.aec_decode(st, **aec, out=dec))
    report('aec', s, te, td, dec)
    s, te, td = timed(reps, lambda: imagecodecs.pcodec_encode(data, level=8, out=out),
                      lambda st: imagecodecs.pcodec_decode(st, shape=data.shape, dtype=dtype, out=back))
    report('pcodec', s, te, td, back)


if __name__ == '__main__':
    a = sys.argv[1:]
    main(a[0], a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5]))
