"""Runs a batch of jobs for the Java interop tests (ImagecodecsHarness) in one Python process.

usage: python imagecodecs_driver.py JOBS_JSON RESULTS_FILE

JOBS_JSON holds a list of jobs, run in order. Each is an object with an "op":

  "call"  out = imagecodecs.<function>(input, **kwargs)
          "function": a name in imagecodecs, e.g. "zfp_encode"
          "input":    a path; a .npy file is loaded with numpy.load, any other file is passed as bytes
          "kwargs":   a Python expression for a dict (the Java side renders it)
          "output":   a path; written with numpy.save if it ends in .npy, else as raw bytes
  "exec"  exec(code) with numpy, imagecodecs, load/save helpers (and floatpred, below) and the
          job's variables in scope;
          what the code prints is the job's result
          "code", "variables": a Python expression for a dict

RESULTS_FILE gets one line per event, flushed at once, so that a crash in native code still shows
which job was running:

  versions <base64 text>       first: "name<TAB>version" lines (python, numpy, imagecodecs, codecs)
  start <i>                    job i begins
  ok <i> <base64 text>         job i succeeded (the text is what an exec job printed)
  error <i> <base64 text>      job i raised; the text is the Python traceback

Exit status: 0 once every job ran, whatever their outcome; 3 when numpy or imagecodecs cannot be
imported (the reason on stderr); 2 for bad usage.
"""

import base64
import contextlib
import io
import json
import platform
import sys
import traceback

CODECS = ('zfp', 'sperr', 'sz3', 'lerc', 'aec', 'szip', 'pcodec', 'floatpred', 'jetraw')


def b64(text):
    return base64.b64encode(text.encode('utf-8')).decode('ascii')


def versions(numpy, imagecodecs):
    found = [
        ('python', platform.python_version()),
        ('numpy', numpy.__version__),
        ('imagecodecs', imagecodecs.__version__),
    ]
    for name in CODECS:
        try:
            found.append((name, getattr(imagecodecs, name + '_version')()))
        except Exception:  # codec missing from this build of imagecodecs
            pass
    return ''.join(f'{k}\t{v}\n' for k, v in found)


def load(path):
    """A .npy file as an array, any other file as bytes."""
    if str(path).endswith('.npy'):
        import numpy

        return numpy.load(path, allow_pickle=False)
    with open(path, 'rb') as f:
        return f.read()


def save(path, value):
    """numpy.save for .npy paths (bytes become a uint8 array), raw bytes otherwise."""
    import numpy

    if str(path).endswith('.npy'):
        if isinstance(value, (bytes, bytearray, memoryview)):
            value = numpy.frombuffer(value, dtype=numpy.uint8)
        numpy.save(path, numpy.asarray(value), allow_pickle=False)
        return
    if isinstance(value, numpy.ndarray):
        value = value.tobytes()
    with open(path, 'wb') as f:
        f.write(bytes(value))


def floatpred(function, src, dst, axis=-1, dist=1, view=None, transpose=None, reshape=None):
    """For FloatpredInteropTest: dst = imagecodecs.<function>(array, axis=axis, dist=dist) as raw
    C-order bytes, where array is the .npy file src seen through a view: per axis (start, stop,
    step) slices, then transposed axes, then reshaped (all optional), so that strided inputs reach
    imagecodecs as strided numpy views, like the Java side's NdArray views."""
    import numpy
    import imagecodecs

    data = numpy.load(src, allow_pickle=False)
    if view is not None:
        data = data[tuple(slice(*v) for v in view)]
    if transpose is not None:
        data = data.transpose(transpose)
    if reshape is not None:
        data = data.reshape(reshape)
    out = getattr(imagecodecs, function)(data, axis=axis, dist=dist)
    with open(dst, 'wb') as f:
        f.write(numpy.ascontiguousarray(out).tobytes())
    print(data.shape, data.strides, data.flags['C_CONTIGUOUS'])


def run(job, scope):
    op = job['op']
    if op == 'call':
        function = getattr(scope['imagecodecs'], job['function'])
        kwargs = eval(job.get('kwargs') or '{}', dict(scope))
        save(job['output'], function(load(job['input']), **kwargs))
        return ''
    if op == 'exec':
        names = dict(scope)
        names.update(eval(job.get('variables') or '{}', dict(scope)))
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(job['code'], f'<job {job["index"]}>', 'exec'), names)
        return printed.getvalue()
    raise ValueError(f'unknown op {op!r}')


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import numpy
        import imagecodecs
    except Exception as e:  # reported to the Java side, which skips or fails the test
        print(f'cannot import numpy and imagecodecs: {e!r} (python {sys.executable})', file=sys.stderr)
        return 3
    with open(argv[1], encoding='utf-8') as f:
        jobs = json.load(f)
    scope = {'numpy': numpy, 'np': numpy, 'imagecodecs': imagecodecs, 'load': load, 'save': save,
             'floatpred': floatpred}
    with open(argv[2], 'w', encoding='ascii') as out:

        def emit(line):
            out.write(line + '\n')
            out.flush()

        emit('versions ' + b64(versions(numpy, imagecodecs)))
        for i, job in enumerate(jobs):
            job['index'] = i
            emit(f'start {i}')
            try:
                emit(f'ok {i} {b64(run(job, scope))}')
            except BaseException:  # SystemExit and KeyboardInterrupt included: report, go on
                emit(f'error {i} {b64(traceback.format_exc())}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
