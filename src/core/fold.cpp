#include "abp/core/fold.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"

namespace abp {
namespace {

using Codepoints = std::vector<utf8proc_int32_t>;

// A character is kept by fold when it is a letter or a number; everything else is a word
// break (SPEC §7).
bool is_letter_or_number(utf8proc_int32_t c) {
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// An ASCII byte as fold keeps it (a letter in lower case, a digit), or '\0' for a word break.
char ascii_folded(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
  return '\0';
}

[[noreturn]] void throw_invalid() {
  throw Error(ExitCode::kDataErr, "fold: invalid UTF-8 (it must be refused before folding)");
}

// Unicode NFKC of `text` into `out`, returning the number of code points.
std::size_t nfkc(std::string_view text, Codepoints& out) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto length = static_cast<utf8proc_ssize_t>(text.size());
  constexpr auto kDecompose =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE);
  if (out.size() < text.size() + 1) out.resize(text.size() + 1);  // never a null buffer
  utf8proc_ssize_t n = utf8proc_decompose(bytes, length, out.data(),
                                          static_cast<utf8proc_ssize_t>(out.size()), kDecompose);
  if (n > static_cast<utf8proc_ssize_t>(out.size())) {  // did not fit: the size it needs
    out.resize(static_cast<std::size_t>(n));
    n = utf8proc_decompose(bytes, length, out.data(), n, kDecompose);
  }
  if (n < 0) throw_invalid();
  n = utf8proc_normalize_utf32(out.data(), n,
                               static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0) throw_invalid();
  return static_cast<std::size_t>(n);
}

// Appends what utf8proc_decompose_char makes of `c` under `options` to `out`.
void append_mapped(utf8proc_int32_t c, utf8proc_option_t options, Codepoints& out) {
  utf8proc_int32_t mapped[32];
  int boundclass = UTF8PROC_BOUNDCLASS_START;
  const utf8proc_ssize_t n = utf8proc_decompose_char(c, mapped, 32, options, &boundclass);
  if (n < 0 || n > 32) throw_invalid();
  out.insert(out.end(), mapped, mapped + n);
}

// Appends `c` to `out` as UTF-8.
void append_utf8(utf8proc_int32_t c, std::string& out) {
  utf8proc_uint8_t bytes[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(c, bytes);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
}

// The buffers one thread reuses from value to value.
struct Scratch {
  Codepoints composed;
  Codepoints folded;
  Codepoints bare;
  Codepoints value;  // the whole value's code points, folded, before words are made
};

Scratch& scratch() {
  thread_local Scratch buffers;
  return buffers;
}

// Appends to `out` the code points of `text` folded, in the order SPEC §7 gives: NFKC, then
// case folding, then combining marks removed. Marks are found by decomposing (canonically)
// and composed back afterwards, so `é` loses its accent and Hangul syllables stay syllables.
void append_folded_code_points(std::string_view text, Scratch& buffers, Codepoints& out) {
  const std::size_t n = nfkc(text, buffers.composed);
  buffers.folded.clear();
  for (std::size_t i = 0; i < n; ++i) {
    append_mapped(buffers.composed[i], UTF8PROC_CASEFOLD, buffers.folded);
  }
  buffers.bare.clear();
  for (const utf8proc_int32_t c : buffers.folded) {
    append_mapped(c, static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK),
                  buffers.bare);
  }
  const utf8proc_ssize_t kept = utf8proc_normalize_utf32(
      buffers.bare.data(), static_cast<utf8proc_ssize_t>(buffers.bare.size()),
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (kept < 0) throw_invalid();
  out.insert(out.end(), buffers.bare.begin(), buffers.bare.begin() + kept);
}

// Writes the folded code points `folded` to `out` as words: what is not a letter or a number
// is a word break, and breaks become one space between words, none at the ends (SPEC §1
// normalising).
void write_words(const Codepoints& folded, std::string& out) {
  out.clear();
  bool space_pending = false;
  for (const utf8proc_int32_t c : folded) {
    if (c < 0x80 ? ascii_folded(static_cast<char>(c)) == '\0' : !is_letter_or_number(c)) {
      space_pending = !out.empty();
      continue;
    }
    if (space_pending) out.push_back(' ');
    space_pending = false;
    append_utf8(c, out);
  }
}

void fold_unicode_into(std::string_view text, std::string& out) {
  Scratch& buffers = scratch();
  buffers.value.clear();
  append_folded_code_points(text, buffers, buffers.value);
  write_words(buffers.value, out);
}

bool is_ascii_byte(char c) { return static_cast<unsigned char>(c) < 0x80; }

// fold_unicode_into with libutf8proc asked only about the pieces that need it: a name with
// one accented letter is mostly ASCII. Each run of non-ASCII bytes goes with the ASCII
// character before it (`e` then a combining acute is `é`); every other ASCII character folds
// alone (a letter to itself in lower case, a digit to itself, anything else to a word
// break). The result is the same: an ASCII character is a starter, and no canonical
// decomposition holds one after its first character (checked over every code point with
// libutf8proc), so nothing on one side of it composes or reorders with anything on the
// other; NFKC's mappings, case folding and mark removal go character by character. Keeping
// the ASCII character with the run after it is the cautious reading: since marks are removed
// afterwards, folding it alone has given the same result in every case tried.
void fold_pieces_into(std::string_view text, std::string& out) {
  Scratch& buffers = scratch();
  buffers.value.clear();
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (is_ascii_byte(text[i]) && (i + 1 == n || is_ascii_byte(text[i + 1]))) {
      const char c = text[i++];
      const char kept = ascii_folded(c);
      buffers.value.push_back(kept == '\0' ? ' ' : kept);  // any break will do
      continue;
    }
    const std::size_t begin = i;
    i = is_ascii_byte(text[i]) ? i + 1 : i;
    while (i < n && !is_ascii_byte(text[i])) ++i;
    append_folded_code_points(text.substr(begin, i - begin), buffers, buffers.value);
  }
  write_words(buffers.value, out);
}

// ASCII is its own NFKC, has no marks, folds to lower case, and its letters and digits are
// exactly its L* and N* characters: the same result as fold_unicode_into, without the work.
void fold_ascii_into(std::string_view text, std::string& out) {
  out.clear();
  bool space_pending = false;
  for (const char c : text) {
    const char kept = ascii_folded(c);
    if (kept == '\0') {
      space_pending = !out.empty();
      continue;
    }
    if (space_pending) out.push_back(' ');
    space_pending = false;
    out.push_back(kept);
  }
}

}  // namespace

void fold_into(std::string_view valid_utf8, std::string& out) {
  if (is_ascii(valid_utf8)) {
    fold_ascii_into(valid_utf8, out);
  } else {
    fold_pieces_into(valid_utf8, out);
  }
}

std::string fold(std::string_view valid_utf8) {
  std::string out;
  fold_into(valid_utf8, out);
  return out;
}

std::string fold_unicode(std::string_view valid_utf8) {
  std::string out;
  fold_unicode_into(valid_utf8, out);
  return out;
}

void fold_key_into(std::string_view valid_utf8, std::string& out) {
  thread_local std::string folded;
  thread_local std::vector<std::string_view> words;
  fold_into(valid_utf8, folded);
  words.clear();
  std::size_t begin = 0;
  while (begin < folded.size()) {
    std::size_t end = folded.find(' ', begin);
    if (end == std::string::npos) end = folded.size();
    words.push_back(std::string_view(folded).substr(begin, end - begin));
    begin = end + 1;
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  out.clear();
  for (const std::string_view word : words) {
    if (!out.empty()) out.push_back(' ');
    out.append(word);
  }
}

namespace {

// Hashes the words of a folded value one at a time and combines the set of them. Equal keys
// have equal sets of words, so equal sets of word hashes: sorting those (a name has a few
// words) and dropping repeats gives the same combination for any order and repetition.
class WordSetHash {
 public:
  void add_byte(unsigned char c) {
    word_ = (word_ ^ c) * kPrime;
    in_word_ = true;
  }
  void end_word() {
    if (!in_word_) return;
    words_.push_back(word_);
    word_ = kBasis;
    in_word_ = false;
  }
  std::uint64_t finish() {
    end_word();
    if (words_.empty()) return 0;
    std::sort(words_.begin(), words_.end());
    std::uint64_t hash = kBasis;
    std::uint64_t previous = 0;
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (i > 0 && words_[i] == previous) continue;
      previous = words_[i];
      hash = (hash ^ (previous + (previous >> 29))) * kMix;
    }
    hash ^= hash >> 32;
    return hash | 1;  // never 0: that is the empty key's
  }

 private:
  static constexpr std::uint64_t kBasis = 0xCBF29CE484222325;  // FNV-1a's, over each byte
  static constexpr std::uint64_t kPrime = 0x100000001B3;
  static constexpr std::uint64_t kMix = 0x9E3779B97F4A7C15;
  std::uint64_t word_ = kBasis;
  bool in_word_ = false;
  std::vector<std::uint64_t>& words_ = cleared_scratch();

  // One list per thread, reused from value to value.
  static std::vector<std::uint64_t>& cleared_scratch() {
    thread_local std::vector<std::uint64_t> words;
    words.clear();
    return words;
  }
};

}  // namespace

std::uint64_t fold_key_hash(std::string_view valid_utf8) {
  WordSetHash hash;
  if (is_ascii(valid_utf8)) {
    // Folded as fold_ascii_into does, a byte at a time, without writing the fold down.
    for (const char c : valid_utf8) {
      const char kept = ascii_folded(c);
      if (kept == '\0') {
        hash.end_word();
      } else {
        hash.add_byte(static_cast<unsigned char>(kept));
      }
    }
  } else {
    thread_local std::string folded;
    fold_pieces_into(valid_utf8, folded);
    for (const char c : folded) {
      if (c == ' ') {
        hash.end_word();
      } else {
        hash.add_byte(static_cast<unsigned char>(c));
      }
    }
  }
  return hash.finish();
}

namespace {

// For fold_key_letters(): each byte's bit (a-z and A-Z the same 26, 0-9 the next ten), none
// for other ASCII, the top bit for a byte of a non-ASCII character. Looked up without a branch.
struct KeyLetterBits {
  std::uint64_t bits[256] = {};
  constexpr KeyLetterBits() {
    for (int c = 0; c < 26; ++c) {
      bits['a' + c] = std::uint64_t{1} << c;
      bits['A' + c] = std::uint64_t{1} << c;
    }
    for (int d = 0; d < 10; ++d) bits['0' + d] = std::uint64_t{1} << (26 + d);
    for (int b = 0x80; b < 256; ++b) bits[b] = std::uint64_t{1} << 63;
  }
};
constexpr KeyLetterBits kKeyLetterBits;

}  // namespace

std::uint64_t fold_key_letters(std::string_view valid_utf8) {
  std::uint64_t letters = 0;
  for (const char c : valid_utf8) letters |= kKeyLetterBits.bits[static_cast<unsigned char>(c)];
  return (letters >> 63) != 0 ? kKeyLettersUnknown : letters;
}

std::string fold_key(std::string_view valid_utf8) {
  std::string out;
  fold_key_into(valid_utf8, out);
  return out;
}

}  // namespace abp
