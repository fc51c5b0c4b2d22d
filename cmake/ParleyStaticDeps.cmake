# PARLEY_STATIC_DEPS (see the top-level CMakeLists.txt): executables link the
# static archives Debian's -dev packages ship for SQLite, ICU, RE2, Hyperscan,
# igraph, minizip and expat; shared objects (the Python module) keep the shared libraries,
# since those archives are not position-independent.
#
# Why: `parley analyze` on an empty file spent about half its 40 ms in the
# dynamic loader, relocating 37 shared libraries (igraph alone brings ARPACK,
# BLAS, LAPACK, gfortran, GLPK, GMP, libxml2, ...). Linked from archives, only
# the objects parley calls come in, resolved at link time, and with
# --as-needed the libraries nothing references are not loaded: 21 instead of
# 37 (bench/README.md, 2026-12-02 start17).
#
# How: this file runs before the find_package() and pkg_check_modules() calls
# that name the targets the modules link (SQLite::SQLite3, ICU::uc,
# PkgConfig::RE2, PkgConfig::HS, PkgConfig::IGRAPH) and defines them first,
# as interface targets whose libraries depend on the target linking them: the
# archive for an executable, the shared library otherwise. Those modules then
# find the targets already defined and leave them be. A library whose archive
# (or, for igraph, one of its own dependencies) is not found stays shared.

include_guard(GLOBAL)
find_package(PkgConfig REQUIRED)

# Executables also drop shared libraries they do not use (a library linked only
# for another one's sake, or one whose symbols all came from an archive).
add_link_options("$<$<BOOL:$<TARGET_PROPERTY:PARLEY_STATIC_DEPS>>:-Wl,--as-needed>")

# Sets TARGET's libraries to STATIC (a list) in an executable whose property
# PARLEY_STATIC_DEPS is true, SHARED elsewhere.
function(parley_link_static_in_executables target shared static)
  set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES
    "$<IF:$<BOOL:$<TARGET_PROPERTY:PARLEY_STATIC_DEPS>>,${static},${shared}>")
endfunction()

# Defines TARGET for the library NAME (lib NAME .so and .a) with EXTRA after
# the archive, when both are found; otherwise leaves TARGET to its finder.
function(parley_static_target target name)
  set(extra ${ARGN})
  find_library(PARLEY_${name}_SHARED NAMES ${name})
  find_library(PARLEY_${name}_ARCHIVE NAMES lib${name}.a)
  if(NOT PARLEY_${name}_SHARED OR NOT PARLEY_${name}_ARCHIVE)
    message(STATUS "parley: ${name} linked shared (no lib${name}.a)")
    return()
  endif()
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  string(REPLACE ";" "$<SEMICOLON>" static "${PARLEY_${name}_ARCHIVE};${extra}")
  parley_link_static_in_executables(${target} "${PARLEY_${name}_SHARED}" "${static}")
endfunction()

# Finds the pkg-config module MODULE as PkgConfig::PREFIX (global, so that
# the later call in a src/ folder reuses it) and links its archive into
# executables, followed by the shared libraries the archive needs. Those are
# pkg-config's static list minus the ones in SKIP (linked otherwise); a
# library on it with no unversioned .so link (libarpack-dev and others are not
# installed) is found by its versioned name.
function(parley_static_pkg prefix module)
  cmake_parse_arguments(ARG "" "" "SKIP" ${ARGN})
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${prefix}_FOUND)
    return()
  endif()
  find_library(PARLEY_${prefix}_ARCHIVE NAMES lib${${prefix}_LIBRARIES}.a
               HINTS ${${prefix}_LIBRARY_DIRS})
  if(NOT PARLEY_${prefix}_ARCHIVE)
    message(STATUS "parley: ${module} linked shared (no archive)")
    return()
  endif()
  set(static ${PARLEY_${prefix}_ARCHIVE})
  set(skip ${${prefix}_LIBRARIES} ${ARG_SKIP} m pthread dl stdc++ gcc gcc_s c)
  foreach(lib ${${prefix}_STATIC_LIBRARIES})
    if(lib IN_LIST skip)
      continue()
    endif()
    find_library(PARLEY_LIB_${lib} NAMES ${lib} HINTS ${${prefix}_LIBRARY_DIRS})
    if(NOT PARLEY_LIB_${lib})
      file(GLOB versioned ${${prefix}_LIBRARY_DIRS}/lib${lib}.so.[0-9]*
           /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/lib${lib}.so.[0-9]*)
      if(NOT versioned)
        message(STATUS "parley: ${module} linked shared (its dependency ${lib} is not found)")
        return()
      endif()
      list(SORT versioned)
      list(GET versioned 0 PARLEY_LIB_${lib})
    endif()
    list(APPEND static ${PARLEY_LIB_${lib}})
  endforeach()
  get_target_property(shared PkgConfig::${prefix} INTERFACE_LINK_LIBRARIES)
  string(REPLACE ";" "$<SEMICOLON>" static "${static}")
  string(REPLACE ";" "$<SEMICOLON>" shared "${shared}")
  parley_link_static_in_executables(PkgConfig::${prefix} "${shared}" "${static}")
endfunction()

find_package(Threads REQUIRED)
parley_static_target(SQLite::SQLite3 sqlite3 m Threads::Threads ${CMAKE_DL_LIBS})
parley_static_pkg(RE2 re2)
# Excel workbooks: minizip (its static list adds zlib, linked anyway) and expat.
parley_static_pkg(MINIZIP minizip)
parley_static_target(EXPAT::EXPAT expat)
if(NOT PARLEY_FORCE_RE2)
  parley_static_pkg(HS libhs)
endif()
# igraph's static list also names ICU (for libxml2) and GLPK, ARPACK, ...: the
# objects parley uses need only ARPACK (and its LAPACK, BLAS) and OpenMP, and
# --as-needed drops the rest.
parley_static_pkg(IGRAPH igraph SKIP icui18n icuuc icudata)
