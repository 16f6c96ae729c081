// gen_catalogue: writes a seeded, deterministic, realistic book catalogue CSV for benchmarks.
//
// usage: gen_catalogue ROWS [SEED] > catalogue.csv
//
// The shape follows real exports: about ROWS/8 authors with a heavy-tailed (Pareto) number of
// books each, 1-3 publishers per book picked with Zipf-like popularity, titles of 1-6 words
// (some holding a comma or a quote, so they are quoted with `""`), a few non-ASCII names and a
// few values with stray spaces. Every row is a distinct (author, title, publisher) fact and the
// rows are shuffled. The same ROWS and SEED always give the same bytes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

// splitmix64: small, fast and good enough for synthetic data.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // Uniform in (0, 1].
  double unit() { return (static_cast<double>(next() >> 11) + 1.0) / 9007199254740992.0; }
  bool chance(double p) { return unit() <= p; }

 private:
  std::uint64_t state_;
};

const char* const kOnsets[] = {"b",  "c",  "d",  "f",  "g",  "h",  "j",  "k",  "l",  "m",
                               "n",  "p",  "r",  "s",  "t",  "v",  "w",  "z",  "br", "ch",
                               "cl", "dr", "fr", "gr", "pl", "sh", "st", "th", "tr", "qu"};
const char* const kVowels[] = {"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "y"};
const char* const kCodas[] = {"", "", "", "n", "r", "s", "l", "th", "rd", "nd", "m", "x"};

// Non-ASCII names as real catalogues have them (accents, Nordic, Polish, Cyrillic, CJK).
const char* const kForeignFirst[] = {"José",  "Zoë",    "Søren",   "Łukasz", "François",
                                     "Ángel", "Björn",  "Дмитрий", "Jürgen", "Чехов",
                                     "春樹",  "Mónica", "Çelik",   "Núria",  "Håkon"};
const char* const kForeignLast[] = {"Müller",   "Núñez", "Ødegaard",  "Wałęsa",    "Gómez",
                                    "Dvořák",   "Šimek", "Lindqvist", "Андреев",   "村上",
                                    "Nakamura", "Böhm",  "Ferrández", "Coëtlogon", "Ilić"};
const char* const kPublisherTails[] = {"Press",  "Books", "House",  "Publishing", "Editions",
                                       "& Sons", "Media", "Verlag", "Library",    "Group"};

std::string capitalised(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
  return word;
}

std::string make_word(Rng& rng, int syllables) {
  std::string word;
  for (int i = 0; i < syllables; ++i) {
    word += kOnsets[rng.below(std::size(kOnsets))];
    word += kVowels[rng.below(std::size(kVowels))];
  }
  word += kCodas[rng.below(std::size(kCodas))];
  return word;
}

std::vector<std::string> make_names(Rng& rng, std::size_t count, int min_syllables,
                                    const char* const* foreign, std::size_t foreign_count) {
  // Distinct names, so distinct (first, last) pairs are distinct authors.
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < foreign_count; ++i) {
    names.push_back(foreign[i]);
    seen.insert(names.back());
  }
  while (names.size() < count) {
    std::string name = capitalised(make_word(rng, min_syllables + static_cast<int>(rng.below(2))));
    const std::size_t vowel = name.find_first_of("eo", 1);
    if (vowel != std::string::npos && rng.chance(0.03)) {
      name.replace(vowel, 1, name[vowel] == 'e' ? "é" : "ø");
    }
    if (seen.insert(name).second) names.push_back(std::move(name));
  }
  // Foreign names sit at the front; spread them out so about 2% of picks land on one.
  for (std::size_t i = names.size(); i > 1; --i) std::swap(names[i - 1], names[rng.below(i)]);
  return names;
}

// Index in [0, cdf.size()) drawn with the weights whose running sums `cdf` holds.
std::size_t draw(Rng& rng, const std::vector<double>& cdf) {
  const double x = rng.unit() * cdf.back();
  return static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), x) - cdf.begin());
}

// Appends `value` as one CSV field, quoted only when it needs to be. Deliberately not abp's own
// csv_writer: the input of a benchmark (and of the smoke check against DuckDB and pandas) must
// not be shaped by the code under test.
void put_field(std::string& out, const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

struct Row {
  std::uint32_t author;
  std::uint32_t book;
  std::uint32_t publisher;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: gen_catalogue ROWS [SEED] > catalogue.csv\n");
    return 64;
  }
  const std::uint64_t rows_wanted = std::strtoull(argv[1], nullptr, 10);
  const std::uint64_t seed = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 42;
  Rng rng(seed);

  const std::vector<std::string> firsts =
      make_names(rng, 3000, 1, kForeignFirst, std::size(kForeignFirst));
  const std::vector<std::string> lasts =
      make_names(rng, 20000, 2, kForeignLast, std::size(kForeignLast));
  std::vector<std::string> words;
  for (int i = 0; i < 8000; ++i)
    words.push_back(make_word(rng, 1 + static_cast<int>(rng.below(3))));

  const std::size_t publisher_count =
      std::clamp<std::size_t>(static_cast<std::size_t>(rows_wanted / 2000), 20, 20000);
  std::vector<std::string> publishers;
  std::vector<double> publisher_cdf;
  std::unordered_set<std::string> seen_publishers;
  double total = 0;
  while (publishers.size() < publisher_count) {
    std::string name = capitalised(make_word(rng, 2));
    if (rng.chance(0.5))
      name += " " + capitalised(make_word(rng, 1 + static_cast<int>(rng.below(2))));
    name += " ";
    name += kPublisherTails[rng.below(std::size(kPublisherTails))];
    if (rng.chance(0.01)) name += ", Inc.";  // a few need quoting
    if (!seen_publishers.insert(name).second) continue;
    publishers.push_back(std::move(name));
    total += 1.0 / std::pow(static_cast<double>(publishers.size()), 1.1);
    publisher_cdf.push_back(total);
  }

  // Authors: distinct (first, last) pairs through a bijection of [0, firsts * lasts).
  const std::uint64_t pairs = firsts.size() * lasts.size();
  auto author_name = [&](std::uint64_t i) {
    const std::uint64_t combo = (i * 2654435761ULL + 12345) % pairs;
    return std::pair<const std::string&, const std::string&>(firsts[combo % firsts.size()],
                                                             lasts[combo / firsts.size()]);
  };

  std::vector<std::string> titles;
  std::vector<Row> rows;
  rows.reserve(rows_wanted);
  std::uint32_t authors = 0;
  std::vector<std::string> own;  // this author's titles so far, to keep them distinct
  while (rows.size() < rows_wanted) {
    const double u = rng.unit();
    const auto books = static_cast<std::uint64_t>(
        std::min(3000.0, 1.0 + std::floor(2.2 * (std::pow(u, -1.0 / 1.5) - 1.0))));
    own.clear();
    for (std::uint64_t b = 0; b < books && rows.size() < rows_wanted; ++b) {
      std::string title;
      do {
        title.clear();
        const std::uint64_t length = 1 + rng.below(6);
        for (std::uint64_t w = 0; w < length; ++w) {
          if (w > 0) title += rng.chance(0.01) ? ", " : " ";
          std::string word = words[rng.below(words.size())];
          if (w == 0 || rng.chance(0.6)) word = capitalised(word);
          if (rng.chance(0.004)) word = "\"" + word + "\"";
          title += word;
        }
      } while (std::find(own.begin(), own.end(), title) != own.end());
      own.push_back(title);
      const auto book = static_cast<std::uint32_t>(titles.size());
      titles.push_back(std::move(title));
      const std::uint64_t roll = rng.below(10);
      const std::uint64_t count = roll < 5 ? 1 : roll < 8 ? 2 : 3;
      std::uint32_t chosen[3];
      for (std::uint64_t p = 0; p < count && rows.size() < rows_wanted; ++p) {
        std::uint32_t pick;
        do {
          pick = static_cast<std::uint32_t>(draw(rng, publisher_cdf));
        } while (std::find(chosen, chosen + p, pick) != chosen + p);
        chosen[p] = pick;
        rows.push_back(Row{authors, book, pick});
      }
    }
    ++authors;
  }
  for (std::size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[rng.below(i)]);

  std::string out = "first_name,last_name,title,publisher\n";
  for (const Row& row : rows) {
    const auto name = author_name(row.author);
    put_field(out, name.first);
    out += ',';
    put_field(out, name.second);
    if (row.book % 499 == 7) out += "  ";  // stray spaces, as real exports have
    out += ',';
    put_field(out, titles[row.book]);
    out += ',';
    put_field(out, publishers[row.publisher]);
    out += '\n';
    if (out.size() > (1u << 20)) {
      if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) return 74;
      out.clear();
    }
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    return 74;
  }
  std::fprintf(stderr, "gen_catalogue: %zu rows, %u authors, %zu books, %zu publishers\n",
               rows.size(), authors, titles.size(), publisher_count);
  return 0;
}
