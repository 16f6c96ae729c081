// Fuzz target (issue 18, SPEC §7): fold and key on any bytes. Invariants:
// - bytes that are not valid UTF-8 (abp::is_valid_utf8, what SPEC §2 refuses) are refused by
//   fold and key with Error(kDataErr), never folded; valid UTF-8 always folds;
// - fold(fold(x)) == fold(x), and a fold is a normalised value (SPEC §1) in valid UTF-8;
// - the ASCII shortcut gives what the Unicode path gives (fold == fold_unicode);
// - key(x) is fold(x)'s distinct words sorted, so it is the key of its own fold, of x with its
//   ASCII letters in the other case, and of x's words (at spaces) in reverse order.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "abp/core/error.hpp"
#include "abp/core/fold.hpp"
#include "abp/core/text.hpp"
#include "fuzz_support.hpp"

namespace {

using abp_fuzz::finding;

bool refused(const std::string& text, std::string (*f)(std::string_view)) {
  try {
    f(text);
  } catch (const abp::Error& e) {
    if (e.code() != abp::ExitCode::kDataErr) finding("refused with a code other than 65", text);
    return true;
  }
  return false;
}

std::string other_case(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return text;
}

std::string words_reversed(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text + ' ') {
    if (c != ' ') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  std::string out;
  for (auto it = words.rbegin(); it != words.rend(); ++it) out += (out.empty() ? "" : " ") + *it;
  return out;
}

// key as SPEC §7 defines it, from fold: the distinct words, sorted byte-wise, one space apart.
std::string key_of_fold(const std::string& folded) {
  std::set<std::string> words;
  std::istringstream in(folded);
  for (std::string word; in >> word;) words.insert(word);
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!abp::is_valid_utf8(text)) {
    if (!refused(text, abp::fold) || !refused(text, abp::fold_key)) {
      finding("invalid UTF-8 folded", text);
    }
    return 0;
  }
  std::string folded;
  std::string key;
  try {
    folded = abp::fold(text);
    key = abp::fold_key(text);
  } catch (const abp::Error& e) {
    finding("valid UTF-8 refused", e.describe() + "\n" + text);
  }
  if (!abp::is_valid_utf8(folded)) finding("a fold is not valid UTF-8", text);
  if (abp::normalize_value(folded) != folded) finding("a fold is not normalised", text);
  if (abp::fold(folded) != folded) finding("fold(fold(x)) != fold(x)", text + "\n" + folded);
  if (abp::fold_unicode(text) != folded) finding("the ASCII shortcut differs", text);
  if (key != key_of_fold(folded)) finding("key is not the sorted words of fold", text);
  if (abp::fold_key(folded) != key) finding("key(fold(x)) != key(x)", text);
  if (abp::fold_key(other_case(text)) != key) finding("key depends on ASCII case", text);
  if (abp::fold_key(words_reversed(text)) != key) finding("key depends on word order", text);
  return 0;
}
