"""The imagecodecs side of the SPERR and SZ3 benchmark (scripts/bench-lossy).

Calls imagecodecs.sperr_encode / sperr_decode and sz3_encode / sz3_decode as a Python user would,
on the same field as the C and Java drivers (the field file memory-mapped read-only), decoding
into a preallocated float32 array (``out=``).

Usage: python lossy_bench.py FIELD NZ NY NX OUTDIR, then the line protocol of
benchmarks/c/lossy_bench.c:
  enc CFG MODE PARAM EXEC THREADS REPS  -> "ok enc CFG SIZE T1 .. Tn"   (ns)
  dec CFG REPS                         -> "ok dec CFG CHECKSUM T1 .. Tn maxerr=E"
  quit
imagecodecs ships its own library builds (SPERR 0.8.4 and an SZ3 writing data format 3.3.0 in
the 2026.3.6 wheel), so this measures imagecodecs as installed from PyPI.
"""

import os
import sys
import time

import imagecodecs
import numpy

from zfp_bench import checksum


def main():
    path, nz, ny, nx, outdir = sys.argv[1], *map(int, sys.argv[2:5]), sys.argv[5]
    data = numpy.memmap(path, dtype=numpy.float32, mode='r', shape=(nz, ny, nx))
    decoded = numpy.zeros((nz, ny, nx), numpy.float32)
    configs = {}  # name -> (codec, decode threads, stream)
    print('ready python imagecodecs', imagecodecs.__version__, imagecodecs.sperr_version(),
          imagecodecs.sz3_version(), 'numpy', numpy.__version__, flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == 'quit':
            break
        if words[0] == 'enc':
            name, mode, param, execution, threads, reps = words[1:7]
            param, threads, reps = float(param), int(threads), int(reps)
            codec, _, how = mode.partition('-')
            omp = execution == 'omp'
            if codec == 'sperr':
                chunks = tuple((n + 1) // 2 for n in data.shape) if omp else data.shape
                threads = threads if omp else 1
                encode = lambda: imagecodecs.sperr_encode(
                    data, param, how, chunks=chunks, numthreads=threads)
            elif codec == 'sz3':
                encode = lambda: imagecodecs.sz3_encode(data, how, **{how: param})
            else:
                print('err unknown mode', mode, flush=True)
                return 1
            times = []
            for _ in range(reps):
                t0 = time.perf_counter_ns()
                stream = encode()
                times.append(time.perf_counter_ns() - t0)
            first = name not in configs
            configs[name] = (codec, threads, stream)
            print('ok enc', name, len(stream), *times, flush=True)
            if first:
                with open(os.path.join(outdir, name + '.bin'), 'wb') as f:
                    f.write(stream)
        elif words[0] == 'dec':
            name, reps = words[1], int(words[2])
            codec, threads, stream = configs[name]
            times = []
            for _ in range(reps):
                t0 = time.perf_counter_ns()
                if codec == 'sperr':
                    imagecodecs.sperr_decode(stream, numthreads=threads, out=decoded)
                else:
                    imagecodecs.sz3_decode(stream, decoded.shape, decoded.dtype, out=decoded)
                times.append(time.perf_counter_ns() - t0)
            error = float(numpy.max(numpy.abs(decoded - data)))
            print('ok dec', name, '%016x' % checksum(decoded), *times, 'maxerr=%.6g' % error,
                  flush=True)
        else:
            print('err unknown command', words[0], flush=True)
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
