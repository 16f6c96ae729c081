#include "abp/core/fold.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "abp/core/error.hpp"

using abp::fold;
using abp::fold_key;

TEST_CASE("fold: SPEC §7 examples", "[fold]") {
  CHECK(fold("Café, Inc.") == "cafe inc");
  CHECK(fold_key("King, Stephen") == "king stephen");
  CHECK(fold_key("Stephen KING") == "king stephen");
}

TEST_CASE("fold: Latin case, accents and punctuation", "[fold]") {
  CHECK(fold("Caf\xC3\xA9") == "cafe");   // é composed (U+00E9)
  CHECK(fold("Cafe\xCC\x81") == "cafe");  // e + U+0301 combining acute
  CHECK(fold("Ren\xC3\xA9"
             "e Cr\xC3\xA8vecoeur") == "renee crevecoeur");
  CHECK(fold("Stra\xC3\x9F"
             "e") == "strasse");                            // full case folding: ß -> ss
  CHECK(fold("\xC3\x86r\xC3\xB8") == "\xC3\xA6r\xC3\xB8");  // Æ, ø are letters of their own
  CHECK(fold("Simon & Schuster") == "simon schuster");
  CHECK(fold("  TOR  ") == "tor");
  CHECK(fold("J.M.     Clarke") == "j m clarke");
  CHECK(fold("O'Reilly Media, Inc.") == "o reilly media inc");
  CHECK(fold("Catch-22") == "catch 22");
}

TEST_CASE("fold: Cyrillic", "[fold]") {
  // Азбука-Аттикус -> азбука аттикус
  CHECK(fold("\xD0\x90\xD0\xB7\xD0\xB1\xD1\x83\xD0\xBA\xD0\xB0-\xD0\x90\xD1\x82\xD1\x82\xD0\xB8"
             "\xD0\xBA\xD1\x83\xD1\x81") ==
        "\xD0\xB0\xD0\xB7\xD0\xB1\xD1\x83\xD0\xBA\xD0\xB0 \xD0\xB0\xD1\x82\xD1\x82\xD0\xB8\xD0\xBA"
        "\xD1\x83\xD1\x81");
  CHECK(fold("\xD0\x90\xD0\xA1\xD0\xA2") == "\xD0\xB0\xD1\x81\xD1\x82");  // АСТ -> аст
  // Ірина (Ukrainian І has no decomposition) -> ірина
  CHECK(fold("\xD0\x86\xD1\x80\xD0\xB8\xD0\xBD\xD0\xB0") ==
        "\xD1\x96\xD1\x80\xD0\xB8\xD0\xBD\xD0\xB0");
  // Ё decomposes to Е + diaeresis, so the mark goes: Ёлка = Елка
  CHECK(fold("\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0") == fold("\xD0\x95\xD0\xBB\xD0\xBA\xD0\xB0"));
}

TEST_CASE("fold: Greek, final sigma and tonos", "[fold]") {
  // ΟΔΥΣΣΕΑΣ and Οδυσσέας (final ς, tonos on έ) fold alike
  CHECK(fold("\xCE\x9F\xCE\x94\xCE\xA5\xCE\xA3\xCE\xA3\xCE\x95\xCE\x91\xCE\xA3") ==
        fold("\xCE\x9F\xCE\xB4\xCF\x85\xCF\x83\xCF\x83\xCE\xAD\xCE\xB1\xCF\x82"));
  CHECK(fold("\xCE\x9F\xCE\xB4\xCF\x85\xCF\x83\xCF\x83\xCE\xAD\xCE\xB1\xCF\x82") ==
        "\xCE\xBF\xCE\xB4\xCF\x85\xCF\x83\xCF\x83\xCE\xB5\xCE\xB1\xCF\x83");  // οδυσσεασ
  CHECK(fold("ALBIN MICHEL") == fold("Albin Michel"));
}

TEST_CASE("fold: Turkish dotted and dotless i", "[fold]") {
  // İ folds to i + combining dot, whose mark goes: İstanbul = ISTANBUL = istanbul
  CHECK(fold("\xC4\xB0stanbul") == "istanbul");
  CHECK(fold("ISTANBUL") == "istanbul");
  // ı is a letter of its own (no case folding makes it i): ıstanbul stays apart
  CHECK(fold("\xC4\xB1stanbul") == "\xC4\xB1stanbul");
  CHECK(fold("\xC4\xB1stanbul") != fold("istanbul"));
  // the corpus's April yayıncılık / April Yayıncılık
  CHECK(fold("April yay\xC4\xB1"
             "nc\xC4\xB1l\xC4\xB1k") == "april yay\xC4\xB1nc\xC4\xB1l\xC4\xB1k");
  CHECK(fold("April Yay\xC4\xB1"
             "nc\xC4\xB1l\xC4\xB1k") == "april yay\xC4\xB1nc\xC4\xB1l\xC4\xB1k");
  CHECK(fold("Nesin Yay\xC4\xB1nevi") == "nesin yay\xC4\xB1nevi");
}

TEST_CASE("fold: Hebrew letters stay, points and punctuation go", "[fold]") {
  // הספריה החדשה is already folded
  const std::string hasifria =
      "\xD7\x94\xD7\xA1\xD7\xA4\xD7\xA8\xD7\x99\xD7\x94 \xD7\x94\xD7\x97"
      "\xD7\x93\xD7\xA9\xD7\x94";
  CHECK(fold(hasifria) == hasifria);
  // שָׁלוֹם (with vowel points) = שלום
  CHECK(fold("\xD7\xA9\xD6\xB8\xD7\x81\xD7\x9C\xD7\x95\xD6\xB9\xD7\x9D") ==
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  // משכל/ידיעות  (trailing space in the corpus) -> משכל ידיעות
  CHECK(
      fold("\xD7\x9E\xD7\xA9\xD7\x9B\xD7\x9C/\xD7\x99\xD7\x93\xD7\x99\xD7\xA2\xD7\x95\xD7\xAA ") ==
      "\xD7\x9E\xD7\xA9\xD7\x9B\xD7\x9C \xD7\x99\xD7\x93\xD7\x99\xD7\xA2\xD7\x95\xD7\xAA");
}

TEST_CASE("fold: CJK, full-width and Hangul", "[fold]") {
  const std::string murakami = "\xE6\x9D\x91\xE4\xB8\x8A\xE6\x98\xA5\xE6\xA8\xB9";  // 村上春樹
  CHECK(fold(murakami) == murakami);
  CHECK(fold("\xE3\x80\x8C" + murakami + "\xE3\x80\x8D") == murakami);  // 「」 are punctuation
  CHECK(fold("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92") ==
        "abc12");  // ＡＢＣ１２
  // half-width katakana ｶﾀｶﾅ -> カタカナ
  CHECK(fold("\xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85") ==
        "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A");
  const std::string hangul = "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4";  // 한국어 stays composed
  CHECK(fold(hangul) == hangul);
}

TEST_CASE("fold: compatibility characters: ligatures, digits", "[fold]") {
  CHECK(fold("\xEF\xAC\x81nance") == "finance");  // ﬁ ligature
  CHECK(fold("\xEF\xAC\x81nance") == fold("Finance"));
  CHECK(fold("\xC5\x92uvre") == "\xC5\x93uvre");       // Œ is a letter, not a ligature to NFKC
  CHECK(fold("Chapter \xE2\x91\xA0") == "chapter 1");  // ①
  CHECK(fold("E=mc\xC2\xB2") == "e mc2");              // ²
  CHECK(fold("\xE2\x85\xAB") == "xii");                // Ⅻ
}

TEST_CASE("fold: non-breaking and zero-width spaces are word breaks", "[fold]") {
  CHECK(fold("Stephen\xC2\xA0King") == "stephen king");       // U+00A0
  CHECK(fold("Stephen\xE2\x80\xAF King") == "stephen king");  // U+202F
  CHECK(fold("Stephen\xE2\x80\x8BKing") == "stephen king");   // U+200B zero width space
  CHECK(fold("\xE2\x80\x8B\xC2\xA0") == "");
  CHECK(fold("\xEF\xBB\xBFTor") == "tor");  // a stray U+FEFF
}

TEST_CASE("fold: nothing but punctuation folds to the empty value", "[fold]") {
  CHECK(fold("") == "");
  CHECK(fold("!!! ... ---") == "");
  CHECK(fold("\xF0\x9F\x93\x9A") == "");  // 📚
  CHECK(fold_key("") == "");
  CHECK(fold_key("- / -") == "");
}

TEST_CASE("fold: key sorts the distinct words", "[fold]") {
  CHECK(fold_key("b a b") == "a b");
  CHECK(fold_key("Le Carre, John") == fold_key("John le Carr\xC3\xA9"));
  CHECK(fold_key("Tolkien, J. R. R.") == "j r tolkien");
  CHECK(fold_key("J.R.R. Tolkien") == "j r tolkien");
  CHECK(fold_key("Stephen King") != fold_key("Stephen Kingsley"));
}

TEST_CASE("fold: the corpus's spelling variants share a fold", "[fold]") {
  CHECK(fold("TOR") == fold("Tor"));
  CHECK(fold("ROC") == fold("Roc"));
  CHECK(fold("Independently published") == fold("independently published"));
  CHECK(fold("Feiwel  and Friends") == fold("Feiwel and Friends"));
  CHECK(fold("Penguin Books") != fold("Penguin"));
}

TEST_CASE("fold: the _into forms reuse and replace their buffer", "[fold]") {
  std::string out = "left over";
  abp::fold_into("A\xC3\xA9", out);
  CHECK(out == "ae");
  abp::fold_key_into("b, A", out);
  CHECK(out == "a b");
  abp::fold_into("", out);
  CHECK(out.empty());
}

TEST_CASE("fold: the ASCII shortcut agrees with libutf8proc", "[fold]") {
  for (int c = 1; c < 0x80; ++c) {
    const std::string value = "x" + std::string(1, static_cast<char>(c)) + "Y";
    INFO("byte " << c);
    CHECK(fold(value) == abp::fold_unicode(value));
  }
  std::mt19937 random(14);
  std::uniform_int_distribution<int> byte(0, 0x7F);
  for (int i = 0; i < 2000; ++i) {
    std::string value(static_cast<std::size_t>(byte(random) % 12), ' ');
    for (char& c : value) c = static_cast<char>(byte(random));
    INFO(value);
    CHECK(fold(value) == abp::fold_unicode(value));
  }
}

TEST_CASE("fold: folding twice changes nothing more", "[fold]") {
  for (const char* value :
       {"Caf\xC3\xA9, Inc.", "\xC4\xB0stanbul",
        "Stra\xC3\x9F"
        "e",
        "\xEF\xAC\x81nance", "\xCE\x9F\xCE\xB4\xCF\x85\xCF\x83\xCF\x83\xCE\xAD\xCE\xB1\xCF\x82",
        "\xE1\xBE\xB3", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4", "\xEF\xBD\xB6\xEF\xBE\x9E"}) {
    INFO(value);
    CHECK(fold(fold(value)) == fold(value));
  }
}

TEST_CASE("fold: invalid UTF-8 is refused, not folded", "[fold]") {
  CHECK_THROWS_AS(fold("caf\xC3"), abp::Error);
  CHECK_THROWS_AS(fold("\xED\xA0\x80"), abp::Error);  // a surrogate
  CHECK_THROWS_AS(fold_key("\xFF"), abp::Error);
}

TEST_CASE("fold: values with one key hold the same letters; others are left to the key", "[fold]") {
  CHECK(abp::fold_key_letters("") == 0);
  CHECK(abp::fold_key_letters("?! -") == 0);  // key empty exactly when letters are
  CHECK(abp::fold_key_letters("Caf\xC3\xA9") == abp::kKeyLettersUnknown);
  CHECK(abp::fold_key_letters("Dog God") == abp::fold_key_letters("god, DOG!"));
  CHECK(abp::fold_key_letters("a") != abp::fold_key_letters("b"));
  CHECK(abp::fold_key_letters("a1") != abp::fold_key_letters("a"));
  // Every ASCII byte string: equal keys, equal letters; letters 0 exactly for an empty key.
  std::mt19937 random(41);
  std::vector<std::pair<std::string, std::string>> keyed;
  for (int i = 0; i < 20000; ++i) {
    std::string value;
    for (unsigned n = random() % 8; n > 0; --n) value += static_cast<char>(random() % 128);
    if (random() % 4 == 0) value = "Ab " + value + " 9z";
    const std::string key = abp::fold_key(value);
    CAPTURE(value);
    CHECK((abp::fold_key_letters(value) == 0) == key.empty());
    keyed.emplace_back(key, value);
  }
  std::sort(keyed.begin(), keyed.end());
  for (std::size_t i = 1; i < keyed.size(); ++i) {
    if (keyed[i].first != keyed[i - 1].first) continue;
    CAPTURE(keyed[i].second, keyed[i - 1].second);
    CHECK(abp::fold_key_letters(keyed[i].second) == abp::fold_key_letters(keyed[i - 1].second));
  }
}

TEST_CASE("fold: the key hash is the key's, word order and repeats aside", "[fold]") {
  using abp::fold_key_hash;
  CHECK(fold_key_hash("") == 0);
  CHECK(fold_key_hash("?! -") == 0);
  CHECK(fold_key_hash("\xF0\x9F\x93\x9A") == 0);  // 📚: no letter, an empty key
  CHECK(fold_key_hash("King, Stephen") == fold_key_hash("Stephen KING"));
  CHECK(fold_key_hash("b a b") == fold_key_hash("A B"));
  CHECK(fold_key_hash("Le Carre, John") == fold_key_hash("John le Carr\xC3\xA9"));
  CHECK(fold_key_hash("Stephen King") != fold_key_hash("Stephen Kingsley"));
  CHECK(fold_key_hash("ab") != fold_key_hash("a b"));
  CHECK(fold_key_hash("a") != fold_key_hash("a a b"));

  // Against the plain version, over values that share words in many spellings (ASCII and
  // not): equal keys give equal hashes, and different keys (here) different hashes.
  const std::vector<std::string> words{"Tor",
                                       "TOR",
                                       "caf\xC3\xA9",
                                       "Cafe",
                                       "king",
                                       "Stra\xC3\x9F"
                                       "e",
                                       "strasse",
                                       "x1",
                                       "1x",
                                       "\xD0\x90\xD0\xA1\xD0\xA2",
                                       "a",
                                       "b",
                                       "ab"};
  const std::vector<std::string> glue{" ", ", ", "!", " - ", "/", "\xC2\xA0", ""};
  std::mt19937 random(43);
  std::map<std::string, std::uint64_t> hash_of_key;
  std::map<std::uint64_t, std::string> key_of_hash;
  for (int i = 0; i < 20000; ++i) {
    std::string value = glue[random() % glue.size()];
    for (auto n = random() % 5; n > 0; --n) {
      value += words[random() % words.size()] + glue[random() % glue.size()];
    }
    const std::string key = fold_key(value);
    const std::uint64_t hash = fold_key_hash(value);
    CAPTURE(value, key);
    CHECK((hash == 0) == key.empty());
    const auto [by_key, new_key] = hash_of_key.emplace(key, hash);
    CHECK(by_key->second == hash);
    const auto [by_hash, new_hash] = key_of_hash.emplace(hash, key);
    CHECK(by_hash->second == key);
  }
  CHECK(hash_of_key.size() > 500);
}

TEST_CASE("fold: folding a mixed value piece by piece agrees with the whole", "[fold]") {
  // fold() hands libutf8proc only the non-ASCII runs (each with the ASCII character before
  // it); fold_unicode() hands it the whole value. Pieces that compose, reorder, expand or
  // break words are mixed in at random: cutting a run of non-ASCII characters apart (Hangul
  // jamo, a halfwidth kana and its voicing mark) fails it. Whether the ASCII character goes
  // with the run it cannot tell: marks are removed either way.
  const std::vector<std::string> pieces{
      "a",
      "E",
      "z",
      " ",
      ",",
      "-",
      "1",
      "I",
      "s",
      "S",
      "<",
      "=",
      "\t",
      "\xCC\x81",          // U+0301 combining acute: composes with the letter before it
      "\xCC\xB8",          // U+0338 combining long solidus: < + it = U+226E
      "\xCC\xA3",          // U+0323 combining dot below: reorders with U+0301
      "\xCD\x85",          // U+0345 ypogegrammeni: a mark that case-folds to iota
      "\xC3\xA9",          // é
      "\xC3\x9F",          // ß: folds to ss
      "\xEF\xAC\x81",      // ﬁ: NFKC fi
      "\xE2\x91\xB4",      // ⑴: NFKC (1)
      "\xC4\xB0",          // İ
      "\xCE\xA3",          // Σ
      "\xCF\x82",          // ς
      "\xC2\xA0",          // no-break space
      "\xE1\x84\x80",      // Hangul choseong kiyeok: composes with a jungseong
      "\xE1\x85\xA1",      // Hangul jungseong a
      "\xED\x95\x9C",      // 한
      "\xEF\xBD\xB6",      // halfwidth katakana ka
      "\xEF\xBE\x9E",      // halfwidth voiced sound mark: composes with it under NFKC
      "\xE2\x80\x8B",      // zero width space
      "\xF0\x9F\x93\x9A",  // 📚
  };
  std::mt19937 random(47);
  for (int i = 0; i < 20000; ++i) {
    std::string value;
    for (auto n = random() % 8; n > 0; --n) value += pieces[random() % pieces.size()];
    CAPTURE(value);
    CHECK(fold(value) == abp::fold_unicode(value));
  }
  CHECK(fold("Cafe\xCC\x81 D\xC3\xB8maifas") == abp::fold_unicode("Cafe\xCC\x81 D\xC3\xB8maifas"));
  CHECK_THROWS_AS(fold("ab\xC3"), abp::Error);  // a piece's bytes cut short at the end
  CHECK_THROWS_AS(fold("a\xC3z"), abp::Error);  // ... and before an ASCII byte
}
