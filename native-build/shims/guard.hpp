// Exception guards for the C APIs of C++ libraries (scicodecs' own code, not upstream's).
//
// Why: SZ3, SPERR and LERC are C++; their extern "C" entry points let C++ exceptions (SZ3 throws on
// malformed streams; any of them can throw std::bad_alloc for hostile sizes) escape. An exception
// that reaches the JVM's downcall frame cannot be unwound and ends in std::terminate, i.e. a JVM crash.
//
// How: CMake compiles the upstream file that defines the C API with -D<name>=scicodecs_unguarded_<name>,
// so upstream's definitions get other (hidden) names, and these guards define the public names with the
// very same types (decltype of upstream's own declaration), call through, and turn any exception into
// the API's own failure value. Exported names, signatures and headers stay exactly upstream's.
#pragma once

#define SCICODECS_GUARD(ret, name, failure, params, args)        \
  extern "C" decltype(name) scicodecs_unguarded_##name;          \
  ret name params                                                \
  {                                                              \
    try {                                                        \
      return scicodecs_unguarded_##name args;                    \
    } catch (...) {                                              \
      return failure;                                            \
    }                                                            \
  }
