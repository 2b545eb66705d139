"""The imagecodecs side of `scicodecs bench` and `scicodecs demo`.

The Java command writes the jobs as JSON (data file, imagecodecs functions and keyword arguments for
the same codec settings it times itself) and reads what this script prints on stdout, one line per
job:

    VERSIONS {"imagecodecs": "...", "zfp": "zfp 1.0.1", ...}
    RESULT <id> <stream bytes> <encode s> <decode s> <timed reps> <max abs error> <mse>
    ERROR <id> <message>

Timing follows the Java side: one untimed round trip (which also gives the error), then up to
`reps` timed round trips, fewer once `budget` seconds are spent; medians. Encoding returns a new
bytes object (imagecodecs' default); decoding writes into a preallocated array (`out=`). The
strings "$shape", "$dtype" and "$nbytes" in the arguments stand for the data's.

Usage: python imagecodecs_bench.py JOBS.json
"""
import json
import sys
import time


def substitute(args, data):
    values = {'$shape': tuple(data.shape), '$dtype': data.dtype, '$nbytes': data.nbytes}
    return {k: values.get(v, v) if isinstance(v, str) else (tuple(v) if isinstance(v, list) else v)
            for k, v in args.items()}


def as_array(result, data):
    import numpy
    if isinstance(result, tuple):  # (data, masks)
        result = result[0]
    if isinstance(result, (bytes, bytearray, memoryview)):
        result = numpy.frombuffer(result, dtype=data.dtype)[:data.size]  # AEC: whole blocks
    return result.reshape(data.shape)


def errors(data, decoded):
    import numpy
    a = data.astype(numpy.float64)
    b = decoded.astype(numpy.float64)
    d = numpy.abs(a - b)
    both_nan = numpy.isnan(a) & numpy.isnan(b)
    d[both_nan] = 0
    d[numpy.isnan(d)] = numpy.inf
    if d.size == 0:
        return 0.0, 0.0
    return float(d.max()), float(numpy.mean(d * d))


def nbytes(stream):
    # Codecs return bytes; transforms such as floatpred_encode return an array.
    return stream.nbytes if hasattr(stream, 'nbytes') else len(stream)


def run(job, data, reps, budget):
    import imagecodecs
    encode = getattr(imagecodecs, job['encode'])
    decode = getattr(imagecodecs, job['decode'])
    ekw = substitute(job['encode_args'], data)
    dkw = substitute(job['decode_args'], data)
    if 'out' not in dkw:
        import numpy
        dkw['out'] = numpy.empty_like(data)
    stream = encode(data, **ekw)
    maxerr, mse = errors(data, as_array(decode(stream, **dkw), data))
    te, td = [], []
    start = time.perf_counter()
    while len(te) < reps and (not te or time.perf_counter() - start < budget):
        t0 = time.perf_counter()
        s = encode(data, **ekw)
        t1 = time.perf_counter()
        decode(stream, **dkw)
        t2 = time.perf_counter()
        if nbytes(s) != nbytes(stream):
            raise RuntimeError('the stream changed size between runs')
        te.append(t1 - t0)
        td.append(t2 - t1)
    te.sort()
    td.sort()
    n = len(te)

    def median(v):
        return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2

    return nbytes(stream), median(te), median(td), n, maxerr, mse


def main(path):
    with open(path) as f:
        spec = json.load(f)
    import imagecodecs
    import numpy
    versions = {'imagecodecs': imagecodecs.__version__}
    for codec in spec.get('codecs', []):
        try:
            versions[codec] = getattr(imagecodecs, codec + '_version')()
        except Exception as e:  # a codec this wheel lacks
            versions[codec] = 'n/a (%s)' % type(e).__name__
    print('VERSIONS', json.dumps(versions), flush=True)
    loaded = {}
    for job in spec['jobs']:
        try:
            if job['data'] not in loaded:
                loaded.clear()
                loaded[job['data']] = numpy.ascontiguousarray(numpy.load(job['data']))
            result = run(job, loaded[job['data']], spec['reps'], spec['budget'])
            print('RESULT', job['id'], *[repr(v) for v in result], flush=True)
        except Exception as e:
            message = ('%s: %s' % (type(e).__name__, e)).replace('\n', ' ')
            print('ERROR', job['id'], message, flush=True)


if __name__ == '__main__':
    main(sys.argv[1])
