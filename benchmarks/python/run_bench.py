"""Runs the ZFP benchmark (scripts/bench-zfp) or the SPERR/SZ3 one (scripts/bench-lossy, --suite
lossy); the scripts build the drivers first.

Writes the field once, starts the three drivers (C, Java, imagecodecs) as long-lived processes that
all read the same file, and interleaves their repetitions: in each round every driver runs REPS
encodes (then REPS decodes), with the order rotated from round to round, so that drift of the
machine (frequency, other load) falls on all three alike. Only one driver works at a time; the
others wait on their stdin. Prints one table (medians, MB/s = uncompressed bytes / s / 1e6) and
writes it, with every raw time, as JSON.

Only the standard library and numpy (for writing the field) are used.
"""

import argparse
import datetime
import filecmp
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

IMPLS = ('c', 'java', 'imagecodecs')


def zfp_configs(a):
    """(name, mode, param, execution, threads, decodable) rows of the ZFP suite."""
    # zfp 1.0.1 has no OpenMP decoder (zfp_decompress returns 0): decode the serial configs.
    return [
        ('accuracy-serial', 'accuracy', a.tolerance, 'serial', 1, True),
        ('accuracy-omp', 'accuracy', a.tolerance, 'omp', a.threads, False),
        ('rate-serial', 'rate', a.rate, 'serial', 1, True),
        ('rate-omp', 'rate', a.rate, 'omp', a.threads, False),
    ]


def lossy_configs(a):
    """The SPERR/SZ3 suite: SPERR point-wise error bound as one chunk on one thread and as 8 chunks
    on OpenMP threads; SZ3 absolute error bound (its C API has no OpenMP switch)."""
    return [
        ('sperr-pwe-serial', 'sperr-pwe', a.tolerance, 'serial', 1, True),
        ('sperr-pwe-omp', 'sperr-pwe', a.tolerance, 'omp', a.threads, True),
        ('sz3-abs-serial', 'sz3-abs', a.tolerance, 'serial', 1, True),
    ]


# What differs between the suites. 'identical': the drivers whose streams and decoded arrays must
# match C's exactly (imagecodecs' wheel bundles its own SPERR 0.8.4 and SZ3 builds: compared, but
# only reported). 'java_ops': the Java driver's second decode variant and what it means.
SUITES = {
    'zfp': {
        'title': 'ZFP', 'driver': 'zfp_bench.py', 'ext': '.zfp', 'configs': zfp_configs,
        'identical': IMPLS, 'java_op': 'decd',
        'notes': [
            'Java  = Zfp.decode(stream segment of exactly the stream length, out): decodes from a padded copy.',
            'Java* = the same call with the stream in its encode buffer (>= maxEncodedSize + 8): no copy.',
            'imc   = imagecodecs (its own bundled zfp build); C and Java share one libzfp.so.',
        ],
        'no_decode': '(no OpenMP decoder in zfp 1.0.1)',
    },
    'lossy': {
        'title': 'SPERR/SZ3', 'driver': 'lossy_bench.py', 'ext': '.bin', 'configs': lossy_configs,
        'identical': ('c', 'java'), 'java_op': 'deco',
        'notes': [
            'C     = the library calls, keeping the library\'s buffer, then free (what a C program does).',
            'Java  = Sperr/Sz3.decode(stream, arena): the library\'s buffer handed over, freed with the arena.',
            'Java* = decode(stream, out): into a caller\'s array (one copy of the decoded values).',
            'imc   = imagecodecs 2026.3.6 (its own SPERR 0.8.4 and SZ3 builds); C and Java share the .so files.',
            'Every Java decode first checks the stream in Java: headers, and for SZ3 the whole payload',
            '(zstd layer, Huffman trees and bit streams decoded once more): the cost of not crashing.',
        ],
        'no_decode': '',
    },
}


def write_field(path, n):
    """A deterministic smooth field plus noise, n**3 float32, C order, little-endian.

    Smooth part: two plane waves and a Gaussian bump (values in about [-1.5, 1.5]); noise: a
    uniform +-0.01 from an integer hash of the element index (no RNG, so any numpy gives the
    same bytes).
    """
    import numpy

    tmp = path + '.tmp'
    x = numpy.arange(n, dtype=numpy.float64) / n
    with open(tmp, 'wb') as f:
        for k in range(n):
            z = k / n
            yy, xx = numpy.meshgrid(x, x, indexing='ij')
            smooth = (numpy.sin(2 * numpy.pi * (xx + 0.5 * yy + 0.25 * z))
                      * numpy.cos(2 * numpy.pi * (1.5 * z - yy))
                      + 0.5 * numpy.exp(-((xx - 0.5) ** 2 + (yy - 0.5) ** 2 + (z - 0.5) ** 2) / 0.05))
            index = numpy.arange(k * n * n, (k + 1) * n * n, dtype=numpy.uint64)
            h = index * numpy.uint64(0x9E3779B97F4A7C15)
            h ^= h >> numpy.uint64(31)
            h *= numpy.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> numpy.uint64(29)
            noise = (h >> numpy.uint64(11)).astype(numpy.float64) / float(1 << 53) * 2 - 1
            plane = (smooth + 0.01 * noise.reshape(n, n)).astype('<f4')
            f.write(plane.tobytes())
    os.replace(tmp, path)


class Driver:
    """One benchmark process speaking the line protocol of benchmarks/c/zfp_bench.c."""

    def __init__(self, name, argv, env):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, bufsize=1)
        self.banner = self._read('ready')

    def _read(self, expect):
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f'bench: the {self.name} driver ended (exit {self.proc.wait()})')
        words = line.split()
        if words[0] != expect:
            raise SystemExit(f'bench: the {self.name} driver said: {line.strip()}')
        return line.strip()

    def ask(self, command):
        self.proc.stdin.write(command + '\n')
        self.proc.stdin.flush()
        words = self._read('ok').split()
        # ok OP CFG VALUE T1 .. Tn [key=value ...]
        times = [int(w) for w in words[4:] if '=' not in w]
        extra = dict(w.split('=', 1) for w in words[4:] if '=' in w)
        return words[3], times, extra

    def close(self):
        try:
            self.proc.stdin.write('quit\n')
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.proc.wait(timeout=60)


def mbps(raw_bytes, times_ns):
    return raw_bytes / (statistics.median(times_ns) / 1e9) / 1e6


def spread(times_ns):
    """The interquartile range as a fraction of the median: how noisy a series was."""
    if len(times_ns) < 4:
        return 0.0
    q = statistics.quantiles(times_ns, n=4)
    return (q[2] - q[0]) / statistics.median(times_ns)


def fmt(value, width=7, digits=0):
    return f'{value:{width}.{digits}f}' if value is not None else ' ' * (width - 1) + '-'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--suite', choices=sorted(SUITES), default='zfp')
    ap.add_argument('--size', type=int, default=256, help='the field is SIZE**3 float32 (default 256)')
    ap.add_argument('--tolerance', type=float, default=1e-3,
                    help='zfp fixed-accuracy tolerance; SPERR pwe and SZ3 absolute error bound')
    ap.add_argument('--rate', type=float, default=8.0, help='fixed-rate bits per value')
    ap.add_argument('--threads', type=int, default=os.cpu_count(), help='OpenMP threads')
    ap.add_argument('--rounds', type=int, default=7, help='interleaved rounds')
    ap.add_argument('--reps', type=int, default=2, help='repetitions per driver per round')
    ap.add_argument('--workdir', required=True, help='field, streams, JSON ($SCICODECS_CACHE/bench)')
    ap.add_argument('--c-driver', required=True)
    ap.add_argument('--java', required=True, help='the java command line, shell-split on spaces')
    ap.add_argument('--python', default=sys.executable, help='python with imagecodecs')
    ap.add_argument('--keep-streams', action='store_true')
    a = ap.parse_args()
    suite = SUITES[a.suite]
    t_start = time.monotonic()
    load_start = os.getloadavg()

    n = a.size
    raw = n ** 3 * 4
    os.makedirs(a.workdir, exist_ok=True)
    field = os.path.join(a.workdir, f'field-{n}.f32')
    if not os.path.exists(field) or os.path.getsize(field) != raw:
        print(f'writing the {n}^3 float32 field ({raw / 1e6:.1f} MB): {field}', flush=True)
        write_field(field, n)

    field_max = max_abs(field, raw)
    streams = os.path.join(a.workdir, 'streams')
    shutil.rmtree(streams, ignore_errors=True)
    # PASSIVE: an OpenMP worker sleeps as soon as its region ends, instead of spinning for a while
    # on a core that the next driver (another process: the drivers take turns) needs.
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads), OMP_WAIT_POLICY='PASSIVE')
    here = os.path.dirname(os.path.abspath(__file__))
    argv = {
        'c': [a.c_driver],
        'java': a.java.split(),
        'imagecodecs': [a.python, os.path.join(here, suite['driver'])],
    }
    drivers = {}
    try:
        for impl in IMPLS:
            os.makedirs(os.path.join(streams, impl))
            drivers[impl] = Driver(impl, argv[impl] + [field, str(n), str(n), str(n),
                                                       os.path.join(streams, impl)], env)
            print(f'{impl:12s} {drivers[impl].banner}', flush=True)

        results = []
        for name, mode, param, execution, threads, decode in suite['configs'](a):
            enc_cmd = lambda reps: f'enc {name} {mode} {param!r} {execution} {threads} {reps}'
            ops = {impl: ['dec'] + ([suite['java_op']] if impl == 'java' else []) for impl in IMPLS}
            r = {'config': name, 'mode': mode, 'param': param, 'execution': execution,
                 'threads': threads, 'enc_ns': {i: [] for i in IMPLS},
                 'dec_ns': {i: [] for i in IMPLS}, 'java_dec_inplace_ns': [],
                 'size': {}, 'checksum': {}, 'notes': []}
            # Warm-up on the large field: first touch, page cache, the Java JIT's last corners.
            for impl in IMPLS:
                size, _, _ = drivers[impl].ask(enc_cmd(1))
                r['size'][impl] = int(size)
                if decode:
                    for op in ops[impl]:
                        drivers[impl].ask(f'{op} {name} 1')
            for rnd in range(a.rounds):
                order = IMPLS[rnd % 3:] + IMPLS[:rnd % 3]
                for impl in order:
                    size, times, _ = drivers[impl].ask(enc_cmd(a.reps))
                    r['enc_ns'][impl] += times
                    if int(size) != r['size'][impl]:
                        r['notes'].append(f'{impl}: stream size changed between repetitions')
                if decode:
                    for impl in order:
                        for op in ops[impl]:
                            checksum, times, extra = drivers[impl].ask(f'{op} {name} {a.reps}')
                            key = 'java_dec_inplace_ns' if op == suite['java_op'] else 'dec_ns'
                            if op == suite['java_op']:
                                r[key] += times
                            else:
                                r[key][impl] += times
                            r['checksum'].setdefault(f'{impl}-{op}', set()).add(checksum)
                            if 'maxerr' in extra:
                                r.setdefault('max_abs_error', {})[f'{impl}-{op}'] = float(extra['maxerr'])
            r['checksum'] = {k: sorted(v) for k, v in r['checksum'].items()}
            results.append(r)
            print(f'  {name}: done ({time.monotonic() - t_start:.0f} s)', flush=True)
    finally:
        for d in drivers.values():
            d.close()

    # ---- checks: identical streams and decoded values -------------------------------------
    problems = []
    strict = suite['identical']
    for r in results:
        name = r['config']
        files = {i: os.path.join(streams, i, name + suite['ext']) for i in IMPLS}
        same = [i for i in IMPLS[1:] if filecmp.cmp(files['c'], files[i], shallow=False)]
        r['same_stream_as_c'] = same
        r['streams_identical'] = all(i in same for i in strict[1:])
        if not r['streams_identical']:
            problems.append(f'{name}: stream differs from C\'s for '
                            + ', '.join(i for i in strict[1:] if i not in same))
        if r['execution'] != 'serial' and a.suite == 'zfp':
            serial = os.path.join(streams, 'c', name.replace(r['execution'], 'serial') + suite['ext'])
            if os.path.exists(serial) and not filecmp.cmp(serial, files['c'], shallow=False):
                problems.append(f'{name}: the OpenMP stream differs from the serial one')
        problems += [f'{name}: {note}' for note in r['notes']]
        sums = {k: v for k, v in r['checksum'].items() if k.split('-')[0] in strict}
        r['decoded_identical'] = (len({tuple(v) for v in sums.values()}) <= 1
                                  and all(len(v) == 1 for v in sums.values()))
        if not r['decoded_identical']:
            problems.append(f'{name}: decoded checksums differ: {r["checksum"]}')
        bound = r['param'] if r['mode'] in ('accuracy', 'sperr-pwe', 'sz3-abs') else None
        # float32 output: the codecs hold the bound to float32 rounding of the value and of the
        # bound (SPERR rounds its double reconstruction; see ErrorBoundAuditTest).
        slack = (field_max + bound) * 2.0 ** -24 if bound is not None else 0
        for who, err in r.get('max_abs_error', {}).items():
            if bound is not None and err > bound + slack:
                problems.append(f'{name}: {who} decoded with max |error| {err:g} > {bound:g}')

    # ---- the table ------------------------------------------------------------------------
    rows = []
    for r in results:
        enc = {i: mbps(raw, r['enc_ns'][i]) for i in IMPLS}
        dec = {i: mbps(raw, r['dec_ns'][i]) if r['dec_ns'][i] else None for i in IMPLS}
        dec_inplace = mbps(raw, r['java_dec_inplace_ns']) if r['java_dec_inplace_ns'] else None
        ratio = lambda d, b: d['java'] / d[b] if d['java'] and d[b] else None
        row = {
            'mode': r['mode'], 'param': r['param'], 'execution': r['execution'],
            'threads': r['threads'], 'compressed_bytes': r['size']['c'],
            'compression_ratio': raw / r['size']['c'],
            'encode_MBps': enc, 'decode_MBps': dec, 'java_decode_inplace_MBps': dec_inplace,
            'encode_java_over_c': ratio(enc, 'c'), 'encode_java_over_imagecodecs': ratio(enc, 'imagecodecs'),
            'decode_java_over_c': ratio(dec, 'c'), 'decode_java_over_imagecodecs': ratio(dec, 'imagecodecs'),
            'streams_identical': r['streams_identical'], 'decoded_identical': r['decoded_identical'],
        }
        # The fastest repetition: less disturbed by other load than the median (JSON only).
        row['encode_MBps_best'] = {i: raw / min(r['enc_ns'][i]) * 1e3 for i in IMPLS}
        row['decode_MBps_best'] = {i: raw / min(r['dec_ns'][i]) * 1e3 if r['dec_ns'][i] else None
                                   for i in IMPLS}
        series = [r['enc_ns'][i] for i in IMPLS] + [r['dec_ns'][i] for i in IMPLS if r['dec_ns'][i]]
        row['noise'] = max(spread(t) for t in series)
        if 'max_abs_error' in r:
            row['max_abs_error'] = r['max_abs_error']
        row['same_stream_as_c'] = r['same_stream_as_c']
        rows.append(row)

    header = (f'{"mode":<17} {"exec":<6} {"thr":>3} | {"encode MB/s: C":>14} {"Java":>7} {"imc":>7} '
              f'{"J/C":>6} {"J/imc":>6} | {"decode MB/s: C":>14} {"Java":>7} {"Java*":>7} {"imc":>7} '
              f'{"J/C":>6} {"J/imc":>6} | {"bytes":>10} {"ratio":>6} {"noise":>5} streams')
    print()
    print(f'{suite["title"]} benchmark: {n}^3 float32 ({raw / 1e6:.1f} MB), median of {a.rounds * a.reps} '
          f'interleaved repetitions, MB/s = 1e6 uncompressed bytes/s')
    print(header)
    print('-' * len(header))
    for row in rows:
        label = f'{row["mode"]} {row["param"]:g}'[:17]
        e, d = row['encode_MBps'], row['decode_MBps']
        dec_part = (f'{fmt(d["c"], 14)} {fmt(d["java"])} {fmt(row["java_decode_inplace_MBps"])} '
                    f'{fmt(d["imagecodecs"])} {fmt(row["decode_java_over_c"], 6, 3)} '
                    f'{fmt(row["decode_java_over_imagecodecs"], 6, 2)}'
                    if d['c'] else f'{suite["no_decode"]:>58}')
        print(f'{label:<17} {row["execution"]:<6} {row["threads"]:>3} | {fmt(e["c"], 14)} '
              f'{fmt(e["java"])} {fmt(e["imagecodecs"])} {fmt(row["encode_java_over_c"], 6, 3)} '
              f'{fmt(row["encode_java_over_imagecodecs"], 6, 2)} | {dec_part} | '
              f'{row["compressed_bytes"]:>10} {row["compression_ratio"]:6.2f} {100 * row["noise"]:4.0f}% '
              f'{streams_label(row, strict)}')
    for note in suite['notes']:
        print(note)
    print('noise = the largest interquartile range / median among the row\'s series; load average '
          f'{load_start[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end (other processes '
          'disturb the OpenMP rows most).')
    for row in rows:
        if 'max_abs_error' in row:
            errs = ', '.join(f'{k} {v:.3g}' for k, v in sorted(row['max_abs_error'].items()))
            print(f'max |error| {row["mode"]} {row["param"]:g} {row["execution"]}: {errs}')
    if problems:
        print('MISMATCHES:')
        for p in problems:
            print('  ' + p)
    else:
        print('checks: ' + ', '.join(strict) + ' wrote byte-identical streams'
              + (' (OpenMP = serial)' if a.suite == 'zfp' else '') + ' and decoded identical arrays'
              + ('' if len(strict) == len(IMPLS) else '; error bounds held'))

    report = {
        'benchmark': a.suite, 'time': datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
        'shape': [n, n, n], 'dtype': 'float32', 'raw_bytes': raw,
        'rounds': a.rounds, 'reps_per_round': a.reps, 'statistic': 'median',
        'omp_threads': a.threads, 'env': {k: env[k] for k in ('OMP_NUM_THREADS', 'OMP_WAIT_POLICY')},
        'machine': {'cpu': cpu_model(), 'cpus': os.cpu_count(), 'platform': platform.platform(),
                    'loadavg_start': load_start, 'loadavg_end': os.getloadavg()},
        'drivers': {i: drivers[i].banner for i in IMPLS}, 'java_command': a.java,
        'rows': rows, 'raw': [{k: v for k, v in r.items()} for r in results],
        'problems': problems, 'wall_s': round(time.monotonic() - t_start, 1),
    }
    stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S')
    path = os.path.join(a.workdir, f'{a.suite}-{n}-{stamp}.json')
    with open(path, 'w') as f:
        json.dump(report, f, indent=1)
    shutil.copyfile(path, os.path.join(a.workdir, f'{a.suite}-latest.json'))
    if not a.keep_streams:
        shutil.rmtree(streams, ignore_errors=True)
    print(f'JSON: {path} ({report["wall_s"]} s)')
    return 1 if problems else 0


def streams_label(row, strict):
    """'same' when every driver wrote C's bytes; else which strict ones differ, or who matches C."""
    same = row['same_stream_as_c']
    if len(same) == len(IMPLS) - 1:
        return 'same'
    if not row['streams_identical']:
        return 'DIFFER'
    return '=C: ' + ','.join(same) if same else 'C only'


def max_abs(path, raw):
    """The field's largest magnitude (float32 file)."""
    import numpy

    return float(numpy.abs(numpy.memmap(path, dtype=numpy.float32, mode='r', shape=(raw // 4,))).max())


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == '__main__':
    sys.exit(main())
