"""The imagecodecs side of the ZFP benchmark (scripts/bench-zfp).

Calls imagecodecs.zfp_encode / zfp_decode, as a Python user would, on the same field as the C and
Java drivers: the field file memory-mapped read-only (numpy.memmap), the stream written into a
preallocated uint8 array (``out=``), decoded into a preallocated float32 array (``out=``), so that no
driver pays for allocating or first touching its outputs inside the timed region.

Usage: python zfp_bench.py FIELD NZ NY NX OUTDIR, then the line protocol of benchmarks/c/zfp_bench.c:
  enc CFG MODE PARAM EXEC THREADS REPS  -> "ok enc CFG SIZE T1 .. Tn"   (ns)
  dec CFG REPS                         -> "ok dec CFG CHECKSUM T1 .. Tn"
  quit
imagecodecs ships its own zfp build (libzfp 1.0.1 and libgomp bundled in the wheel), so this
measures imagecodecs as installed from PyPI, not the libzfp.so the C and Java drivers share.
"""

import os
import sys
import time

import imagecodecs
import numpy


def checksum(array):
    """Sum of word[i] * (2i + 1) mod 2**64 over the array as 64-bit words (as the C driver)."""
    words = array.reshape(-1).view(numpy.uint64)
    odd = numpy.arange(1, 2 * words.size, 2, dtype=numpy.uint64)
    return int(numpy.multiply(words, odd, dtype=numpy.uint64).sum(dtype=numpy.uint64))


def main():
    path, nz, ny, nx, outdir = sys.argv[1], *map(int, sys.argv[2:5]), sys.argv[5]
    data = numpy.memmap(path, dtype=numpy.float32, mode='r', shape=(nz, ny, nx))
    decoded = numpy.zeros((nz, ny, nx), numpy.float32)
    # Twice the raw size is more than zfp_stream_maximum_size for float32 in any mode.
    capacity = 2 * data.nbytes + 4096
    configs = {}  # name -> (buffer, stream view)
    print('ready python imagecodecs', imagecodecs.__version__, imagecodecs.zfp_version(),
          'numpy', numpy.__version__, flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == 'quit':
            break
        if words[0] == 'enc':
            name, mode, param, execution, threads, reps = words[1:7]
            param, threads, reps = float(param), int(threads), int(reps)
            first = name not in configs
            if first:
                buffer = numpy.zeros(capacity, numpy.uint8)
            else:
                buffer = configs[name][0]
            kwargs = {'mode': 'a' if mode == 'accuracy' else 'r'}
            if execution == 'omp':
                kwargs.update(execution='omp', numthreads=threads)
            else:
                kwargs.update(execution='serial')
            times = []
            for _ in range(reps):
                t0 = time.perf_counter_ns()
                stream = imagecodecs.zfp_encode(data, param, out=buffer, **kwargs)
                times.append(time.perf_counter_ns() - t0)
            configs[name] = (buffer, stream)
            print('ok enc', name, len(stream), *times, flush=True)
            if first:
                with open(os.path.join(outdir, name + '.zfp'), 'wb') as f:
                    f.write(stream)
        elif words[0] == 'dec':
            name, reps = words[1], int(words[2])
            stream = configs[name][1]
            times = []
            for _ in range(reps):
                t0 = time.perf_counter_ns()
                imagecodecs.zfp_decode(stream, out=decoded)
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
