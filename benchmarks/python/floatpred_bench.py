"""The imagecodecs side of the floating-point predictor benchmark (scripts/bench-floatpred):
imagecodecs.floatpred_encode / floatpred_decode into preallocated outputs, and numpy.copyto of the
same bytes, printing the line the Java side prints (ENCODE_NS DECODE_NS COPY_NS SHA256 OK, medians
after a warm-up; OK is 1 when decoding gave the input back exactly).

Usage: python floatpred_bench.py FILE f2|f4|f8 AXIS DIST REPS DIM...
"""
import hashlib
import sys
import time

import imagecodecs
import numpy


def median_ns(reps, step):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        step()
        times.append(time.perf_counter_ns() - t0)
    return sorted(times)[reps // 2]


def main(path, kind, axis, dist, reps, *dims):
    shape = tuple(int(d) for d in dims)
    # the array's elements from the file's start (RGB shapes leave its end out), like the Java side
    data = numpy.fromfile(path, dtype='<' + kind, count=int(numpy.prod(shape))).reshape(shape)
    encoded = numpy.empty_like(data)
    decoded = numpy.empty_like(data)
    copy = numpy.empty_like(data)
    axis, dist, reps = int(axis), int(dist), int(reps)

    def enc():
        imagecodecs.floatpred_encode(data, axis=axis, dist=dist, out=encoded)

    def dec():
        imagecodecs.floatpred_decode(encoded, axis=axis, dist=dist, out=decoded)

    def cpy():
        numpy.copyto(copy, data)

    for _ in range(3):
        enc()
        dec()
        cpy()
    te = median_ns(reps, enc)
    td = median_ns(reps, dec)
    tc = median_ns(reps, cpy)
    ok = numpy.array_equal(decoded.view(numpy.uint8), data.view(numpy.uint8))
    digest = hashlib.sha256(encoded.tobytes()).hexdigest()
    print(te, td, tc, digest, int(ok), flush=True)


if __name__ == '__main__':
    main(*sys.argv[1:])
