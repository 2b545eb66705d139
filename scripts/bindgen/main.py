"""Entry point of scripts/generate-bindings: reads every jextract-config/*.txt argfile, parses its
header(s) with libclang, and writes the Java bindings (jextract's shape) plus the struct layout
probe bindings/src/test/c/struct_layouts.c under an output root that mirrors the repository."""

import argparse
import os
import sys

from argfile import ArgfileError, read_argfile
from cparse import (CK, BindgenError, enum_constant_model, evaluate_macros, function_model,
                    parse_header, record_model, typedef_model, var_model)
from cgen import struct_layouts_c
from javagen import HeaderClass, Layouts, java_name, record_class, typedef_class

BINDINGS_PACKAGE = "org.scicodecs.bindings"
JAVA_DIR = "bindings/src/main/java"
C_FILE = "bindings/src/test/c/struct_layouts.c"


def repo_include_dirs(cfg, root):
    """The argfile's -I directories as absolute paths. jextract resolves them against its working
    directory, and the project runs it from the repository root, so they must be relative paths
    inside the repository: headers the project writes itself (jextract-config/include/, for a
    proprietary SDK whose headers are not available), never a machine's path."""
    dirs = []
    for d in cfg.include_dirs:
        full = os.path.normpath(os.path.join(root, d))
        if os.path.isabs(d) or os.path.relpath(full, root).startswith(os.pardir):
            raise BindgenError(f"{cfg.path}: -I {d}: must be a directory inside the repository, given "
                               "relative to its root")
        if not os.path.isdir(full):
            raise BindgenError(f"{cfg.path}: -I {d}: no such directory in the repository")
        dirs.append(full)
    return dirs


def generate_one(cfg, include_dir, root):
    """Returns ({relative path: text}, [layout probe entries])."""
    what = cfg.path
    if cfg.package != BINDINGS_PACKAGE and not cfg.package.startswith(BINDINGS_PACKAGE + "."):
        raise BindgenError(f"{what}: --target-package must be under {BINDINGS_PACKAGE}")
    # As on jextract's command line: the staged upstream headers first, then the argfile's -I.
    hdr = parse_header(cfg.headers, [include_dir] + repo_include_dirs(cfg, root), cfg.defines, what)
    errors = []

    # resolve every listed symbol first: a name the header does not declare is a hard error
    resolved = []
    records_seen = set()
    macro_names = []
    for kind, name in cfg.includes:
        try:
            if kind == "function":
                c = hdr.functions.get(name)
                if c is None:
                    raise BindgenError(f"{what}: --include-function {name}: no such function in the header")
                resolved.append((kind, name, function_model(c, what)))
            elif kind == "var":
                c = hdr.vars.get(name)
                if c is None:
                    raise BindgenError(f"{what}: --include-var {name}: no such global variable in the header")
                resolved.append((kind, name, var_model(c, what)))
            elif kind in ("struct", "union"):
                c = hdr.records.get((kind, name))
                if c is None:
                    raise BindgenError(f"{what}: --include-{kind} {name}: no such {kind} definition in the "
                                       "header (an untagged struct takes its typedef's name)")
                if (kind, name) not in records_seen:
                    records_seen.add((kind, name))
                    resolved.append((kind, name, record_model(c, what)))
            elif kind == "typedef":
                c = hdr.typedefs.get(name)
                if c is None:
                    raise BindgenError(f"{what}: --include-typedef {name}: no such typedef in the header")
                td = typedef_model(c, what)
                if td.record_cursor is not None:
                    # typedef struct { ... } name;  -> the struct class 'name' (jextract 22 with its
                    # libclang 13 reaches it only this way; newer libclang via --include-struct name)
                    rkind = "struct" if td.record_cursor.kind == CK.STRUCT_DECL else "union"
                    if (rkind, name) not in records_seen:
                        records_seen.add((rkind, name))
                        resolved.append((rkind, name, record_model(td.record_cursor, what)))
                    continue
                if td.redundant:
                    raise BindgenError(
                        f"{what}: --include-typedef {name}: jextract drops this typedef (it repeats its "
                        "struct's tag, or names an anonymous enum): list the struct with --include-struct "
                        "or the enum's constants with --include-constant instead")
                if td.enum:
                    raise BindgenError(f"{what}: --include-typedef {name}: jextract generates nothing for a "
                                       "typedef of an enum; list the constants instead")
                resolved.append((kind, name, td))
            elif kind == "constant":
                if name in hdr.enum_constants:
                    e, enum_cursor = hdr.enum_constants[name]
                    resolved.append((kind, name, enum_constant_model(e, enum_cursor, what)))
                elif name in hdr.macros:
                    resolved.append((kind, name, None))
                    macro_names.append(name)
                else:
                    raise BindgenError(f"{what}: --include-constant {name}: no such macro or enum constant "
                                       "in the header")
        except BindgenError as e:
            errors.append(str(e))
    if not errors:
        try:
            macros = evaluate_macros(hdr, macro_names, what)
            resolved = [(k, n, macros[n] if m is None else m) for k, n, m in resolved]
        except BindgenError as e:
            errors.append(str(e))
    if errors:
        raise BindgenError("\n".join(errors))

    pkg_dir = os.path.join(JAVA_DIR, *cfg.package.split("."))
    files = {}
    record_classes = {}
    for kind, name, m in resolved:
        if kind in ("struct", "union"):
            record_classes[(kind, name)] = java_name(name)
    layouts = Layouts(cfg.header_class, record_classes)
    header = HeaderClass(cfg, layouts)
    probes = []
    for kind, name, m in resolved:
        try:
            jn = java_name(name)
            if kind == "function":
                header.add_function(m, jn)
            elif kind == "var":
                header.add_var(m, jn)
            elif kind == "constant":
                header.add_constant(m, jn)
            elif kind == "typedef":
                if m.target.kind == "record":
                    sup = record_classes.get(m.target.record)
                    if sup is None:
                        raise BindgenError(f"{what}: typedef {name} depends on {m.target.record[0]} "
                                           f"{m.target.record[1]} which has been excluded")
                    files[os.path.join(pkg_dir, jn + ".java")] = typedef_class(cfg, m, jn, sup)
                    rec = next(r for k, n, r in resolved if (k, n) == m.target.record)
                    probes.append((f"{cfg.package}.{jn}", name, [f.name for f in rec.fields]))
                else:
                    header.add_typedef(m, jn)
            else:
                files[os.path.join(pkg_dir, jn + ".java")] = record_class(cfg, m, jn, layouts)
                probes.append((f"{cfg.package}.{jn}", m.c_spelling, [f.name for f in m.fields]))
        except BindgenError as e:
            errors.append(str(e))
    if errors:
        raise BindgenError("\n".join(errors))
    hpath = os.path.join(pkg_dir, cfg.header_class + ".java")
    if hpath in files:
        raise BindgenError(f"{what}: header class {cfg.header_class} clashes with a struct/typedef class")
    files[hpath] = header.render()
    return files, probes


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", required=True, help="repository root (where jextract-config/ is)")
    ap.add_argument("--include-dir", required=True, help="upstream headers ($SCICODECS_INCLUDE_DIR)")
    ap.add_argument("--out", required=True, help="output root; mirrors the repository layout")
    a = ap.parse_args(argv)

    cfg_dir = os.path.join(a.root, "jextract-config")
    argfiles = sorted(f for f in os.listdir(cfg_dir) if f.endswith(".txt"))
    if not argfiles:
        print(f"generate-bindings: no argfiles in {cfg_dir}", file=sys.stderr)
        return 1
    if not os.path.isdir(a.include_dir):
        print(f"generate-bindings: include dir {a.include_dir} does not exist "
              "(run scripts/build-native, or set SCICODECS_INCLUDE_DIR)", file=sys.stderr)
        return 1
    include_dir = os.path.abspath(a.include_dir)
    root = os.path.abspath(a.root)

    all_files = {}
    probes = []
    headers = []
    defines = None
    errors = []
    for name in argfiles:
        rel = f"jextract-config/{name}"
        try:
            cfg = read_argfile(os.path.join(cfg_dir, name), rel)
            files, p = generate_one(cfg, include_dir, root)
            # struct_layouts.c is compiled with $SCICODECS_INCLUDE_DIR only (generate-bindings
            # --layouts): headers found through an argfile's -I declare functions only, and stay out.
            if cfg.include_dirs and p:
                raise BindgenError(f"{rel}: an argfile with -I may not bind structs or unions: the "
                                   "struct layout check compiles only the headers in $SCICODECS_INCLUDE_DIR")
            if defines is not None and cfg.defines and sorted(cfg.defines) != defines:
                raise BindgenError(f"{rel}: -D options differ between argfiles; the struct layout check "
                                   "compiles all headers in one file")
            if cfg.defines:
                defines = sorted(cfg.defines)
            for path, text in files.items():
                if path in all_files:
                    raise BindgenError(f"{rel}: {path} is also generated from another argfile")
                all_files[path] = text
            probes.extend(p)
            for h in cfg.headers:
                if h not in headers and not cfg.include_dirs:
                    headers.append(h)
        except (ArgfileError, BindgenError) as e:
            errors.append(str(e))
    if errors:
        print("generate-bindings: FAILED\n" + "\n".join(errors), file=sys.stderr)
        return 1
    all_files[C_FILE] = struct_layouts_c(probes, headers, defines or [])

    leaks = [include_dir, root, os.path.expanduser("~")]
    for path, text in sorted(all_files.items()):
        for leak in leaks:
            if leak and leak != "/" and leak in text:
                print(f"generate-bindings: {path} would contain the machine-specific path {leak}",
                      file=sys.stderr)
                return 1
        dest = os.path.join(a.out, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"generate-bindings: {len(argfiles)} argfiles, {len(all_files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
