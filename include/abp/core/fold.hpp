#pragma once

#include <cstdint>
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

/// A 64-bit hash of key(`valid_utf8`): values with the same key have the same hash, and 0
/// exactly when the key is empty. It is worked out from the words' own hashes, not from the
/// key's text, so an ASCII value is hashed as it is folded, without sorting or joining words.
/// Different keys may share a hash: callers compare keys where hashes meet.
std::uint64_t fold_key_hash(std::string_view valid_utf8);

/// What fold_key_letters() gives for a value that is not ASCII: its key must be worked out.
constexpr std::uint64_t kKeyLettersUnknown = ~std::uint64_t{0};

/// A cheap summary of key(`valid_utf8`) that values with the same key share, to skip working
/// out keys that cannot meet: for ASCII, the set of letters (case folded) and digits it holds,
/// one bit each, which is the set key() keeps; 0 exactly when the key is empty. For any other
/// value kKeyLettersUnknown (an ASCII value may share its key: `Cafe` and `Café`).
std::uint64_t fold_key_letters(std::string_view valid_utf8);

/// fold() without the ASCII shortcut: every value goes through libutf8proc. For the tests
/// that hold the shortcut to the same result; callers use fold().
std::string fold_unicode(std::string_view valid_utf8);

}  // namespace abp
