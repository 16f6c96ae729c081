#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace abp {

/// Makes pieces 0 .. count-1 of a text with `make(i, text)` (appending piece i
/// to an empty `text`) on two threads, this one and a helper, and hands each to
/// `take(text)` on this thread in order: the output is exactly what one thread
/// making and taking them in turn would give. Pieces should be of similar size;
/// a few are kept at a time, so memory is a few pieces whatever the count.
///
/// `make` must be safe to call for different pieces at once. An exception from
/// `make` (on either thread) or `take` stops the helper and is rethrown here
/// after it has been joined.
void make_pieces_in_order(std::size_t count,
                          const std::function<void(std::size_t, std::string&)>& make,
                          const std::function<void(std::string_view)>& take);

}  // namespace abp
