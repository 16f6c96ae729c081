#pragma once

#include <string>
#include <string_view>

namespace abp {

/// Returns fold(`valid_utf8`) (SPEC §7): Unicode NFKC, full case folding, combining marks
/// removed, every character that is not a letter (L*) or a number (N*) turned into a space,
/// then normalised as a value is (SPEC §1). fold(`Café, Inc.`) = `cafe inc`. The Unicode work
/// is libutf8proc's; ASCII-only text takes a shortcut with the same result.
///
/// Throws Error(kDataErr) for invalid UTF-8 (callers check it first: SPEC §2 refuses it).
std::string fold(std::string_view valid_utf8);

/// Like fold(), but writes into `out` (cleared first), so a loop over many values reuses its
/// buffer.
void fold_into(std::string_view valid_utf8, std::string& out);

/// Returns key(`valid_utf8`) (SPEC §7): the distinct words of fold(), sorted byte-wise, joined
/// by one space. key(`King, Stephen`) = key(`Stephen KING`) = `king stephen`.
std::string fold_key(std::string_view valid_utf8);

/// Like fold_key(), but writes into `out` (cleared first).
void fold_key_into(std::string_view valid_utf8, std::string& out);

/// fold() without the ASCII shortcut: every value goes through libutf8proc. For the tests
/// that hold the shortcut to the same result; callers use fold().
std::string fold_unicode(std::string_view valid_utf8);

}  // namespace abp
