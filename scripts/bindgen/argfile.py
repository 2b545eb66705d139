"""jextract argument files: tokenizer and option parser.

The tokenizer is a line-by-line port of jextract's CommandLine.Tokenizer (itself a copy of
javac's @argfile reader), so a file that this module accepts means the same to jextract:
- arguments are separated by blanks (space, tab, form feed) or line ends;
- a '#' at the start of an argument starts a comment that runs to the end of the line;
- '...' and "..." quote blanks; inside quotes a backslash escapes (\\n, \\t, \\r, \\f, or the
  next character), and a backslash before a line end continues the argument on the next line;
- a line end always ends an argument, even inside quotes.
The option parser follows jextract's JextractTool.OptionParser: options with a value take the
next argument, single-letter options also take a joined value (-DFOO, -Ifoo), and a value may not
be empty or start with '-'.
"""

import dataclasses

INCLUDE_KINDS = ("function", "constant", "struct", "union", "typedef", "var")

# name -> (canonical name, takes a value)
_OPTIONS = {
    "-D": ("-D", True), "--define-macro": ("-D", True),
    "-I": ("-I", True), "--include-dir": ("-I", True),
    "-l": ("-l", True), "--library": ("-l", True),
    "-t": ("-t", True), "--target-package": ("-t", True),
    "--header-class-name": ("--header-class-name", True),
    "--output": ("--output", True),
    "--dump-includes": ("--dump-includes", True),
    "--symbols-class-name": ("--symbols-class-name", True),
    "--use-system-load-library": ("--use-system-load-library", False),
    "-F": ("-F", True), "--framework": ("--framework", True),
    "-h": ("-h", False), "-?": ("-h", False), "--help": ("-h", False),
    "--version": ("--version", False),
}
for _k in INCLUDE_KINDS:
    _OPTIONS["--include-" + _k] = ("--include-" + _k, True)

# jextract options that change the generated code in ways this generator does not reproduce
_UNSUPPORTED = {"--dump-includes", "--symbols-class-name", "--use-system-load-library", "-F",
                "--framework", "-h", "--version"}


class ArgfileError(Exception):
    pass


def tokenize(text):
    """Split argfile text into arguments exactly as jextract's CommandLine.Tokenizer does."""
    out = []
    i, n = 0, len(text)

    def ch_at(k):
        return text[k] if k < n else None

    while True:
        # skipWhite (with '#' comments)
        while i < n:
            c = text[i]
            if c in " \t\n\r\f":
                i += 1
            elif c == "#":
                while i < n and text[i] not in "\n\r":
                    i += 1
            else:
                break
        if i >= n:
            return out
        sb = []
        quote = None
        while i < n:
            c = text[i]
            if c in " \t\f":
                if quote is None:
                    break
                sb.append(c)
            elif c in "\n\r":
                break
            elif c in "'\"":
                if quote is None:
                    quote = c
                elif quote == c:
                    quote = None
                else:
                    sb.append(c)
            elif c == "\\":
                if quote is not None:
                    i += 1
                    c = ch_at(i)
                    if c is None:
                        break
                    if c in "\n\r":
                        while i < n and text[i] in " \n\r\t\f":
                            i += 1
                        continue
                    c = {"n": "\n", "r": "\r", "t": "\t", "f": "\f"}.get(c, c)
                sb.append(c)
            else:
                sb.append(c)
            i += 1
        out.append("".join(sb))


@dataclasses.dataclass
class Config:
    path: str                       # argfile path relative to the repository root
    package: str = ""
    header_class: str = ""
    libraries: list = dataclasses.field(default_factory=list)
    include_dirs: list = dataclasses.field(default_factory=list)
    defines: list = dataclasses.field(default_factory=list)
    headers: list = dataclasses.field(default_factory=list)
    # ordered (kind, name) pairs, in argfile order
    includes: list = dataclasses.field(default_factory=list)

    def names(self, kind):
        return [n for k, n in self.includes if k == kind]


def parse_args(args, path):
    cfg = Config(path=path)
    seen = set()
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-"):
            spec = _OPTIONS.get(arg)
            value = None
            if spec is None:
                if len(arg) > 2 and arg[1] != "-" and ("-" + arg[1]) in _OPTIONS \
                        and _OPTIONS["-" + arg[1]][1]:
                    spec = _OPTIONS["-" + arg[1]]
                    value = arg[2:]
                else:
                    raise ArgfileError(f"{path}: invalid option: {arg}")
            name, takes_value = spec
            if name in _UNSUPPORTED:
                raise ArgfileError(f"{path}: option {arg} is valid for jextract but not supported by "
                                   "scripts/generate-bindings (it would change the generated code)")
            if takes_value:
                if value is None:
                    if i + 1 >= len(args):
                        raise ArgfileError(f"{path}: option {arg} needs a value")
                    i += 1
                    value = args[i]
                if not value:
                    raise ArgfileError(f"{path}: empty value for option: {arg}")
                if value.startswith("-"):
                    raise ArgfileError(f"{path}: value of {arg} may not start with '-': {value}")
            if name == "-D":
                cfg.defines.append(value)
            elif name == "-I":
                cfg.include_dirs.append(value)
            elif name == "-l":
                cfg.libraries.append(value)
            elif name == "-t":
                cfg.package = value
            elif name == "--header-class-name":
                cfg.header_class = value
            elif name == "--output":
                raise ArgfileError(f"{path}: --output belongs on the command line, not in the argfile")
            elif name.startswith("--include-"):
                kind = name[len("--include-"):]
                if (kind, value) in seen:
                    raise ArgfileError(f"{path}: {arg} {value} is listed twice")
                seen.add((kind, value))
                cfg.includes.append((kind, value))
        else:
            cfg.headers.append(arg)
        i += 1
    if not cfg.headers:
        raise ArgfileError(f"{path}: no header file given")
    if not cfg.package:
        raise ArgfileError(f"{path}: --target-package is required by this project")
    if not cfg.header_class:
        raise ArgfileError(f"{path}: --header-class-name is required by this project")
    if len(cfg.libraries) != 1 or cfg.libraries[0].startswith(":"):
        raise ArgfileError(f"{path}: exactly one --library <name> (not a :path) is required")
    if not cfg.includes:
        raise ArgfileError(f"{path}: no --include-* options: this project binds only what it lists")
    return cfg


def read_argfile(fs_path, rel_path):
    with open(fs_path, encoding="utf-8") as f:
        text = f.read()
    args = tokenize(text)
    if any(a.startswith("@") for a in args):
        raise ArgfileError(f"{rel_path}: nested @argfiles are not supported (jextract neither)")
    return parse_args(args, rel_path)
