"""Reads C headers through libclang (PyPI wheel libclang==18.1.1, module clang.cindex) into a small
model of exactly what jextract would see: functions, global variables, structs/unions, typedefs,
enum constants and object-like macros (evaluated by clang, as jextract does).
"""

import ctypes
import dataclasses
import os
import shutil
import subprocess

import clang.cindex as ci

TK = ci.TypeKind
CK = ci.CursorKind


class BindgenError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# libclang entry points that clang.cindex 18 does not wrap: constant evaluation and pretty printing

_lib = None


def _clang():
    global _lib
    if _lib is None:
        lib = ci.conf.lib
        lib.clang_Cursor_Evaluate.argtypes = [ci.Cursor]
        lib.clang_Cursor_Evaluate.restype = ctypes.c_void_p
        lib.clang_EvalResult_getKind.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getKind.restype = ctypes.c_int
        lib.clang_EvalResult_isUnsignedInt.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_isUnsignedInt.restype = ctypes.c_uint
        lib.clang_EvalResult_getAsLongLong.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getAsLongLong.restype = ctypes.c_longlong
        lib.clang_EvalResult_getAsUnsigned.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getAsUnsigned.restype = ctypes.c_ulonglong
        lib.clang_EvalResult_getAsDouble.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getAsDouble.restype = ctypes.c_double
        lib.clang_EvalResult_getAsStr.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getAsStr.restype = ctypes.c_char_p
        lib.clang_EvalResult_dispose.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_dispose.restype = None
        lib.clang_Cursor_isMacroFunctionLike.argtypes = [ci.Cursor]
        lib.clang_Cursor_isMacroFunctionLike.restype = ctypes.c_uint
        lib.clang_getCursorPrintingPolicy.argtypes = [ci.Cursor]
        lib.clang_getCursorPrintingPolicy.restype = ctypes.c_void_p
        lib.clang_PrintingPolicy_setProperty.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint]
        lib.clang_PrintingPolicy_setProperty.restype = None
        lib.clang_PrintingPolicy_dispose.argtypes = [ctypes.c_void_p]
        lib.clang_PrintingPolicy_dispose.restype = None
        lib.clang_getCursorPrettyPrinted.argtypes = [ci.Cursor, ctypes.c_void_p]
        lib.clang_getCursorPrettyPrinted.restype = ci._CXString
        _lib = lib
    return _lib


# CXEvalResultKind
_EVAL_INT, _EVAL_FLOAT, _EVAL_STR = 1, 2, 4
# CXPrintingPolicyProperty
_PP_INCLUDE_TAG_DEFINITION = 3
_PP_ANONYMOUS_TAG_LOCATIONS = 8
_PP_POLISH_FOR_DECLARATION = 18


def pretty(cursor, expand_tags=False):
    """The C declaration as clang prints it (what jextract puts in its {@snippet lang=c} comments)."""
    lib = _clang()
    pp = lib.clang_getCursorPrintingPolicy(cursor)
    try:
        lib.clang_PrintingPolicy_setProperty(pp, _PP_POLISH_FOR_DECLARATION, 1)
        lib.clang_PrintingPolicy_setProperty(pp, _PP_ANONYMOUS_TAG_LOCATIONS, 0)
        if expand_tags:
            lib.clang_PrintingPolicy_setProperty(pp, _PP_INCLUDE_TAG_DEFINITION, 1)
        res = lib.clang_getCursorPrettyPrinted(cursor, pp)
        text = ci._CXString.from_result(res)
    finally:
        lib.clang_PrintingPolicy_dispose(pp)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return text


# ---------------------------------------------------------------------------------------------
# model

@dataclasses.dataclass
class CType:
    kind: str            # void bool char short int long longlong float double pointer record array
    spelling: str        # as written in the declaration (for messages)
    size: int = 0        # bytes
    align: int = 0       # bytes
    record: object = None    # Record, for kind == record
    elem: object = None      # CType, for kind == array
    count: int = 0           # for kind == array
    function_pointer: bool = False


@dataclasses.dataclass
class Field:
    name: str
    ctype: CType
    offset: int          # bytes
    size: int
    decl: str


@dataclasses.dataclass
class Record:
    name: str            # jextract's name: the tag, or the typedef name of an anonymous struct
    kind: str            # struct | union
    c_spelling: str      # how C code names the type (for sizeof/offsetof)
    untagged: bool       # typedef struct { ... } name; (no tag: known to jextract by its typedef)
    size: int
    align: int
    fields: list         # Field, bitfields left out (jextract skips them)
    has_bitfields: bool
    decl: str


@dataclasses.dataclass
class Function:
    name: str
    ret: CType
    params: list         # (name, CType)
    decl: str


@dataclasses.dataclass
class Var:
    name: str
    ctype: CType
    const: bool
    decl: str


@dataclasses.dataclass
class Typedef:
    name: str
    redundant: bool      # jextract drops it: it names an anonymous enum, or repeats the tag name
    record_cursor: object  # for a typedef of an untagged struct/union: the struct's cursor
    target: CType        # canonical type
    enum: bool
    decl: str


@dataclasses.dataclass
class Constant:
    name: str
    ctype: CType         # integer, floating point or pointer (string) type
    value: object        # int, float or str
    decl: str


@dataclasses.dataclass
class Header:
    functions: dict
    vars: dict
    records: dict        # (kind, name) -> Record
    typedefs: dict
    enum_constants: dict
    macros: dict         # name -> MACRO_DEFINITION cursor (object-like ones and function-like ones)
    tu: object
    args: list
    source: str


_INT_KINDS = {
    TK.BOOL: "bool",
    TK.CHAR_S: "char", TK.CHAR_U: "char", TK.SCHAR: "char", TK.UCHAR: "char",
    TK.SHORT: "short", TK.USHORT: "short",
    TK.INT: "int", TK.UINT: "int",
    TK.LONG: "long", TK.ULONG: "long",
    TK.LONGLONG: "longlong", TK.ULONGLONG: "longlong",
    TK.FLOAT: "float", TK.DOUBLE: "double",
}


# ---------------------------------------------------------------------------------------------
# parsing

def builtin_include_dir():
    """Clang's own headers (stddef.h, stdbool.h, ...) are not in the libclang wheel: use the
    C compiler's equivalent directory, as the struct layout check compiles with that compiler."""
    env = os.environ.get("BINDGEN_BUILTIN_INCLUDE")
    if env:
        return env
    for cc, args in (("gcc", ["-print-file-name=include"]), ("clang", ["-print-resource-dir"])):
        exe = shutil.which(cc)
        if not exe:
            continue
        out = subprocess.run([exe] + args, capture_output=True, text=True).stdout.strip()
        if cc == "clang":
            out = os.path.join(out, "include")
        if out and os.path.isfile(os.path.join(out, "stddef.h")):
            return out
    raise BindgenError("no builtin C headers (stddef.h) found: install gcc, or set BINDGEN_BUILTIN_INCLUDE")


def _include_line(h):
    return f"#include {h}\n" if h.startswith("<") and h.endswith(">") else f'#include "{h}"\n'


_index = None


def _parse(source, args, what):
    global _index
    if _index is None:
        _index = ci.Index.create()
    opts = (ci.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD
            | ci.TranslationUnit.PARSE_SKIP_FUNCTION_BODIES)
    name = "scicodecs_bindgen.c"
    try:
        tu = _index.parse(name, args=args, unsaved_files=[(name, source)], options=opts)
    except ci.TranslationUnitLoadError as e:
        raise BindgenError(f"{what}: libclang could not parse: {e}")
    return tu, name


def _errors(tu):
    return [d for d in tu.diagnostics if d.severity >= ci.Diagnostic.Error]


def clang_args(include_dirs, defines):
    args = ["-x", "c"]
    args += ["-D" + d for d in defines]
    args += ["-I" + d for d in include_dirs]
    args += ["-isystem", builtin_include_dir()]
    return args


def parse_header(headers, include_dirs, defines, what):
    args = clang_args(include_dirs, defines)
    source = "".join(_include_line(h) for h in headers)
    tu, _ = _parse(source, args, what)
    errs = _errors(tu)
    if errs:
        raise BindgenError(f"{what}: clang errors:\n" + "\n".join("  " + str(d) for d in errs))
    hdr = Header({}, {}, {}, {}, {}, {}, tu, args, source)
    for c in tu.cursor.get_children():
        k = c.kind
        if k == CK.FUNCTION_DECL:
            hdr.functions.setdefault(c.spelling, c)
        elif k == CK.VAR_DECL:
            if c.storage_class != ci.StorageClass.STATIC:
                hdr.vars.setdefault(c.spelling, c)
        elif k in (CK.STRUCT_DECL, CK.UNION_DECL):
            if c.is_definition() and c.spelling and not c.is_anonymous():
                kind = "struct" if k == CK.STRUCT_DECL else "union"
                hdr.records.setdefault((kind, c.spelling), c)
        elif k == CK.TYPEDEF_DECL:
            hdr.typedefs.setdefault(c.spelling, c)
        elif k == CK.ENUM_DECL:
            if c.is_definition():
                for e in c.get_children():
                    if e.kind == CK.ENUM_CONSTANT_DECL:
                        hdr.enum_constants.setdefault(e.spelling, (e, c))
        elif k == CK.MACRO_DEFINITION:
            if c.location.file is not None:
                hdr.macros[c.spelling] = c      # the last definition wins, as in the preprocessor
    return hdr


# ---------------------------------------------------------------------------------------------
# types

def ctype_of(t, where, allow_record=True, allow_array=False, allow_void=False, records=None):
    """Map a clang type to the model; 'records' builds Record objects for by-value records."""
    spelling = t.spelling
    c = t.get_canonical()
    k = c.kind
    if k == TK.VOID:
        if not allow_void:
            raise BindgenError(f"{where}: void here is not supported")
        return CType("void", spelling)
    if k in _INT_KINDS:
        return CType(_INT_KINDS[k], spelling, c.get_size(), c.get_align())
    if k == TK.ENUM:
        it = c.get_declaration().enum_type.get_canonical()
        if it.kind not in _INT_KINDS:
            raise BindgenError(f"{where}: enum {spelling} has unsupported integer type {it.spelling}")
        return CType(_INT_KINDS[it.kind], spelling, it.get_size(), it.get_align())
    if k == TK.POINTER:
        pointee = c.get_pointee().get_canonical()
        fp = pointee.kind in (TK.FUNCTIONPROTO, TK.FUNCTIONNOPROTO)
        return CType("pointer", spelling, c.get_size(), c.get_align(), function_pointer=fp)
    if k == TK.RECORD:
        if not allow_record:
            raise BindgenError(f"{where}: struct/union passed or returned by value ({spelling}) is not "
                               "supported by this generator")
        decl = c.get_declaration()
        d = decl.get_definition()
        if d is None:
            raise BindgenError(f"{where}: incomplete type {spelling} used by value")
        if d.is_anonymous() or not d.spelling:
            raise BindgenError(f"{where}: anonymous nested struct/union ({spelling}) is not supported "
                               "by this generator")
        kind = "struct" if d.kind == CK.STRUCT_DECL else "union"
        return CType("record", spelling, c.get_size(), c.get_align(),
                     record=(kind, d.spelling))
    if k == TK.CONSTANTARRAY:
        if not allow_array:
            raise BindgenError(f"{where}: array type {spelling} is not supported here")
        elem = ctype_of(c.element_type, where, allow_record=allow_record, allow_array=True)
        return CType("array", spelling, c.get_size(), c.get_align(), elem=elem, count=c.element_count)
    raise BindgenError(f"{where}: unsupported C type {spelling} (canonical kind {k.name})")


def record_model(cursor, what):
    kind = "struct" if cursor.kind == CK.STRUCT_DECL else "union"
    name = cursor.spelling
    fields = []
    has_bitfields = False
    for f in cursor.get_children():
        if f.kind in (CK.STRUCT_DECL, CK.UNION_DECL, CK.ENUM_DECL):
            if f.kind != CK.ENUM_DECL:
                raise BindgenError(f"{what}: {kind} {name} defines a nested struct/union "
                                   f"({f.type.spelling}); this generator does not support nested "
                                   "record definitions")
            continue
        if f.kind != CK.FIELD_DECL:
            continue
        if f.is_bitfield():
            has_bitfields = True
            continue
        if not f.spelling:
            raise BindgenError(f"{what}: {kind} {name} has an unnamed member; not supported")
        where = f"{what}: field {name}.{f.spelling}"
        ct = ctype_of(f.type, where, allow_record=True, allow_array=True)
        if ct.function_pointer:
            raise BindgenError(f"{where}: function pointer fields are not supported by this generator")
        off_bits = f.get_field_offsetof()
        if off_bits < 0 or off_bits % 8:
            raise BindgenError(f"{where}: field offset {off_bits} bits is not a whole byte")
        off = off_bits // 8
        if ct.align and off % ct.align:
            raise BindgenError(f"{where}: field is under-aligned (packed struct); not supported")
        fields.append(Field(f.spelling, ct, off, f.type.get_size(), pretty(f)))
    size = cursor.type.get_size()
    align = cursor.type.get_align()
    if size <= 0 or align <= 0:
        raise BindgenError(f"{what}: {kind} {name} has no complete layout")
    c_spelling = cursor.type.spelling
    return Record(name, kind, c_spelling, is_untagged(cursor), size, align, fields, has_bitfields,
                  _record_decl(cursor))


def is_untagged(record_cursor):
    """True for 'typedef struct { ... } name;'. libclang >= 16 spells such a struct with its typedef
    name (a tagged one is spelled 'struct tag'); the libclang 13 inside jextract 22's binaries gives
    it an empty name, so jextract 22 reaches it through --include-typedef name."""
    return not record_cursor.type.spelling.startswith(("struct ", "union "))


def _record_decl(cursor):
    text = pretty(cursor)
    return text


def function_model(cursor, what):
    name = cursor.spelling
    where = f"{what}: function {name}"
    ft = cursor.type.get_canonical()
    if ft.kind == TK.FUNCTIONNOPROTO:
        raise BindgenError(f"{where}: declared without a prototype")
    if ft.is_function_variadic():
        raise BindgenError(f"{where}: variadic functions are not supported by this generator")
    ret = ctype_of(cursor.result_type, where + " (return type)", allow_record=False, allow_void=True)
    if ret.function_pointer:
        raise BindgenError(f"{where}: returns a function pointer; not supported by this generator")
    params = []
    for i, a in enumerate(cursor.get_arguments()):
        ct = ctype_of(a.type, f"{where} (parameter {i})", allow_record=False)
        if ct.function_pointer:
            raise BindgenError(f"{where}: parameter {i} is a function pointer; not supported by this "
                               "generator")
        params.append((a.spelling, ct))
    return Function(name, ret, params, pretty(cursor))


def var_model(cursor, what):
    name = cursor.spelling
    where = f"{what}: variable {name}"
    ct = ctype_of(cursor.type, where, allow_record=True, allow_array=True)
    if ct.function_pointer:
        raise BindgenError(f"{where}: function pointer variables are not supported")
    const = cursor.type.is_const_qualified()
    return Var(name, ct, const, pretty(cursor))


def typedef_model(cursor, what):
    name = cursor.spelling
    under = cursor.underlying_typedef_type
    canon = under.get_canonical()
    redundant = False
    enum = False
    target = None
    record_cursor = None
    if canon.kind in (TK.RECORD, TK.ENUM):
        decl = canon.get_declaration()
        enum = canon.kind == TK.ENUM
        if canon.kind == TK.RECORD and is_untagged(decl):
            # typedef struct { ... } name; is one declaration for jextract: class 'name'
            record_cursor = decl.get_definition()
        elif decl.spelling == name:
            # jextract drops a typedef that repeats the tag (typedef struct foo foo;) and names an
            # anonymous enum by its typedef (it then emits only the enum's constants)
            redundant = True
        if canon.kind == TK.RECORD:
            target = CType("record", under.spelling, record=(
                "struct" if decl.kind == CK.STRUCT_DECL else "union", decl.spelling))
    else:
        target = ctype_of(under, f"{what}: typedef {name}", allow_record=False)
    return Typedef(name, redundant, record_cursor, target, enum, pretty(cursor, expand_tags=False))


def enum_constant_model(cursor, enum_cursor, what):
    it = enum_cursor.enum_type.get_canonical()
    ct = CType(_INT_KINDS[it.kind], it.spelling, it.get_size(), it.get_align())
    ename = enum_cursor.spelling if not enum_cursor.is_anonymous() else "<anonymous>"
    value = cursor.enum_value
    return Constant(cursor.spelling, ct, value, f"enum {ename}.{cursor.spelling} = {value}")


def evaluate_macros(hdr, names, what):
    """Evaluate object-like macros the way jextract does: declare '__auto_type x = MACRO;' in a
    translation unit after the headers and let clang evaluate the initializer. The C type of the
    variable (int, unsigned int, unsigned long, char *, double, ...) decides the Java type."""
    lib = _clang()
    out = {}
    if not names:
        return out
    for n in names:
        c = hdr.macros[n]
        if lib.clang_Cursor_isMacroFunctionLike(c):
            raise BindgenError(f"{what}: --include-constant {n}: a function-like macro is not a constant")
    prefix = "scicodecs_bindgen_macro_"
    lines = [hdr.source]
    for n in names:
        lines.append(f"__auto_type {prefix}{n} = {n};\n")
    src = "".join(lines)
    tu, main = _parse(src, hdr.args, what + " (macro evaluation)")
    errs = _errors(tu)
    if errs:
        raise BindgenError(f"{what}: macros listed with --include-constant do not evaluate as C "
                           "constants:\n" + "\n".join("  " + str(d) for d in errs))
    decls = {}
    for c in tu.cursor.get_children():
        if c.kind == CK.VAR_DECL and c.spelling.startswith(prefix) and \
                c.location.file is not None and c.location.file.name == main:
            decls[c.spelling[len(prefix):]] = c
    for n in names:
        c = decls.get(n)
        if c is None:
            raise BindgenError(f"{what}: macro {n} could not be evaluated")
        t = c.type.get_canonical()
        r = lib.clang_Cursor_Evaluate(c)
        if not r:
            raise BindgenError(f"{what}: clang cannot evaluate macro {n}")
        try:
            kind = lib.clang_EvalResult_getKind(r)
            if kind == _EVAL_INT and t.kind in _INT_KINDS and t.kind not in (TK.FLOAT, TK.DOUBLE):
                if lib.clang_EvalResult_isUnsignedInt(r):
                    v = lib.clang_EvalResult_getAsUnsigned(r)
                    if v >= 1 << 63:
                        v -= 1 << 64
                else:
                    v = lib.clang_EvalResult_getAsLongLong(r)
                ct = CType(_INT_KINDS[t.kind], t.spelling, t.get_size(), t.get_align())
                out[n] = Constant(n, ct, int(v), f"#define {n} {int(v)}")
            elif kind == _EVAL_FLOAT and t.kind in (TK.FLOAT, TK.DOUBLE):
                v = lib.clang_EvalResult_getAsDouble(r)
                ct = CType(_INT_KINDS[t.kind], t.spelling, t.get_size(), t.get_align())
                out[n] = Constant(n, ct, float(v), f"#define {n} {_c_float(v)}")
            elif kind == _EVAL_STR and t.kind == TK.POINTER and \
                    t.get_pointee().get_canonical().kind in (TK.CHAR_S, TK.CHAR_U, TK.SCHAR, TK.UCHAR):
                raw = lib.clang_EvalResult_getAsStr(r)
                v = raw.decode("utf-8")
                ct = CType("pointer", t.spelling, t.get_size(), t.get_align())
                out[n] = Constant(n, ct, v, f'#define {n} "{_c_escape(v)}"')
            else:
                raise BindgenError(f"{what}: macro {n} has a type ({t.spelling}) or value this "
                                   "generator does not bind (numbers and string literals only)")
        finally:
            lib.clang_EvalResult_dispose(r)
    return out


def _c_float(v):
    return repr(v)


def _c_escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
