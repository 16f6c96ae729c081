#pragma once

#include <cstddef>

namespace abp {

/// The unit in which cores pass memory between them on the machines abp is built for (x86-64,
/// most AArch64). Two threads that use different variables of one line still take the line
/// from each other at every write ("false sharing"), some hundred nanoseconds each time: an
/// object one thread reads for every record while another writes beside it is declared
/// alignas(kCacheLine), which gives it lines of its own. std::hardware_destructive_
/// interference_size says the same, but GCC warns that it may change from one compiler
/// version to the next, so the figure is fixed here.
inline constexpr std::size_t kCacheLine = 64;

}  // namespace abp
