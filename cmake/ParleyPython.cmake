# Decides PARLEY_PYTHON (see the top-level CMakeLists.txt). Finding Python3
# first makes pybind11 use CMake's FindPython rather than its own old finder.
# Debian's python3 is the one whose dist-packages hold python3-numpy, -pandas and
# -dask; prefer it over another python3 earlier in PATH (pyenv, a virtualenv).
# -DPython3_EXECUTABLE=... chooses another.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3)
endif()
set(parley_python_default OFF)
if(NOT PARLEY_SANITIZE AND NOT PARLEY_FUZZ)
  find_package(Python3 COMPONENTS Interpreter Development.Module NumPy QUIET)
  if(Python3_FOUND)
    find_package(pybind11 CONFIG QUIET)
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(parley_python_default ON)
  endif()
endif()
option(PARLEY_PYTHON "Build the Python binding (needs pybind11, Python 3 headers and NumPy)"
       ${parley_python_default})
if(PARLEY_PYTHON)
  if(PARLEY_SANITIZE OR PARLEY_FUZZ)
    message(FATAL_ERROR "PARLEY_PYTHON cannot be combined with PARLEY_SANITIZE or PARLEY_FUZZ")
  endif()
  find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module NumPy)
  find_package(pybind11 CONFIG REQUIRED)
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
  message(STATUS "parley Python binding: Python ${Python3_VERSION}, pybind11 ${pybind11_VERSION}")
endif()
