# Warnings and sanitizers, applied per target so they never leak into users' builds.
# -Werror is not set here: CI passes -DCMAKE_COMPILE_WARNING_AS_ERROR=ON (as ninja's CI does),
# so a newer compiler's new warning does not break someone's build from source.

set(ABP_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
option(ABP_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only; see scripts/fuzz.sh)" OFF)
if(ABP_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "ABP_FUZZ=ON needs clang (libFuzzer): pass -DCMAKE_CXX_COMPILER=clang++")
endif()

function(abp_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wold-style-cast -Wnon-virtual-dtor)
endfunction()

function(abp_set_sanitizers target)
  if(ABP_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${ABP_SANITIZE} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${ABP_SANITIZE})
  endif()
  if(ABP_FUZZ)
    # Coverage feedback for libFuzzer in every target; only the fuzz binaries link its main.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()
