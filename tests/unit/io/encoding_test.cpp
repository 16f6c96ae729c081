#include "abp/io/encoding.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>

#include <catch2/catch.hpp>

#include "abp/io/byte_source.hpp"
#include "support.hpp"

namespace {

// Converts `bytes` from `encoding`, reading `chunk` bytes at a time like a small reader would.
std::string convert(std::string bytes, const std::string& encoding, std::size_t chunk = 4096) {
  auto source =
      abp::make_transcoding_source(abp::make_memory_source(std::move(bytes)), encoding, "test.csv");
  std::string out;
  std::string buffer(chunk, '\0');
  for (;;) {
    const std::size_t n = source->read(buffer.data(), buffer.size());
    if (n == 0) return out;
    out.append(buffer, 0, n);
  }
}

}  // namespace

TEST_CASE("encoding: check_encoding_name knows iconv's names, 64 for others", "[encoding]") {
  for (const char* name : {"latin1", "cp1252", "UTF-16", "utf-16le", "ISO-8859-15"}) {
    CAPTURE(name);
    CHECK_NOTHROW(abp::check_encoding_name(name));
  }
  const abp::Error e = abp_test::error_of([] { abp::check_encoding_name("latin-99"); });
  CHECK(e.code() == abp::ExitCode::kUsage);
  CHECK_THAT(e.what(), Catch::Contains("latin-99"));
}

TEST_CASE("encoding: latin1 and cp1252 become UTF-8", "[encoding]") {
  CHECK(convert("Jos\xE9,\x80", "latin1") == "Jos\xC3\xA9,\xC2\x80");
  CHECK(convert("Jos\xE9,\x80\x93\x96", "cp1252") ==
        "Jos\xC3\xA9,\xE2\x82\xAC\xE2\x80\x9C\xE2\x80\x93");
}

TEST_CASE("encoding: UTF-16 with a BOM, read a few bytes at a time", "[encoding]") {
  // "a,日\n" in UTF-16LE with its BOM; a chunk of 3 bytes splits characters.
  const std::string utf16(
      "\xFF\xFE"
      "a\0,\0\xE5\x65\n\0",
      10);
  CHECK(convert(utf16, "UTF-16", 3) == "a,\xE6\x97\xA5\n");
}

TEST_CASE("encoding: a long input crosses the converter's buffers intact", "[encoding]") {
  std::string latin1;
  std::string utf8;
  for (int i = 0; i < 100000; ++i) {
    latin1 += "\xE9x\n";
    utf8 += "\xC3\xA9x\n";
  }
  CHECK(convert(latin1, "latin1", 1000) == utf8);
}

TEST_CASE("encoding: bytes that do not convert are 65 naming their line", "[encoding]") {
  const abp::Error e = abp_test::error_of([] { convert("a\nb\nc\xFF\n", "UTF-8"); });
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.file() == "test.csv");
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Catch::Contains("--encoding"));
  // Half a UTF-16 character at the end.
  CHECK(abp_test::error_of([] { convert(std::string("a\0b", 3), "UTF-16LE"); }).code() ==
        abp::ExitCode::kDataErr);
}

TEST_CASE("encoding: encode_from_utf8 writes text back in a file's encoding", "[encoding]") {
  CHECK(abp::encode_from_utf8("Zo\xC3\xAB, caf\xC3\xA9\r\n", "latin1") == "Zo\xEB, caf\xE9\r\n");
  CHECK(abp::encode_from_utf8("\xE2\x82\xAC 5", "cp1252") == "\x80 5");
  CHECK(abp::encode_from_utf8("plain", "UTF-8") == "plain");
  const abp::Error e = abp_test::error_of([] { abp::encode_from_utf8("\xE6\x97\xA5", "latin1"); });
  CHECK(e.code() == abp::ExitCode::kUsage);
  CHECK_THAT(e.what(), Catch::Contains("latin1"));
}

TEST_CASE("encoding: encode_from_utf8 refuses encodings that change ASCII", "[encoding]") {
  for (const char* name : {"UTF-16", "UTF-16LE", "UTF-32"}) {
    CAPTURE(name);
    CHECK(abp_test::error_of([&] { abp::encode_from_utf8("a", name); }).code() ==
          abp::ExitCode::kUsage);
  }
}

TEST_CASE("encoding: one-byte encodings go through a byte table, the others through iconv",
          "[encoding]") {
  for (const char* name : {"latin1", "ISO-8859-15", "cp1252", "KOI8-R", "ISO-8859-7", "CP437"}) {
    CAPTURE(name);
    CHECK(abp::decodes_by_byte_table(name));
  }
  for (const char* name :
       {"UTF-8", "UTF-16", "UTF-16LE", "UTF-32", "SHIFT_JIS", "GBK", "ISO-2022-JP", "UTF-7"}) {
    CAPTURE(name);
    CHECK_FALSE(abp::decodes_by_byte_table(name));
  }
  CHECK_FALSE(abp::decodes_by_byte_table("latin-99"));
}

TEST_CASE("encoding: the byte table decodes exactly as iconv does, errors on the same line",
          "[encoding]") {
  std::mt19937 random(17);
  for (const char* name : {"latin1", "ISO-8859-15", "cp1252", "KOI8-R", "ISO-8859-7", "CP437"}) {
    CAPTURE(name);
    abp::Utf8Decoder iconv_whole(name);
    for (int round = 0; round < 200; ++round) {
      // Mostly ASCII with runs of high bytes and line breaks, as catalogues are.
      std::string bytes;
      const int length = static_cast<int>(random() % 300);
      for (int i = 0; i < length; ++i) {
        const unsigned r = random() % 16;
        bytes += r == 0  ? '\n'
                 : r < 4 ? static_cast<char>(0x80 + random() % 128)
                         : static_cast<char>(0x20 + random() % 95);
      }
      const std::size_t chunk = round % 3 == 0 ? 4 : round % 3 == 1 ? 7 : 4096;
      CAPTURE(bytes, chunk);
      std::string expected;
      if (iconv_whole.decode(bytes, expected)) {
        CHECK(convert(bytes, name, chunk) == expected);
        continue;
      }
      // Some byte stands for nothing here (cp1252's 0x81, ISO-8859-7's 0xAE): the error
      // names the line it is on.
      std::size_t bad = 0;
      std::string ignored;
      while (iconv_whole.decode(bytes.substr(0, bad + 1), ignored)) ++bad;
      const abp::Error e = abp_test::error_of([&] { convert(bytes, name, chunk); });
      CHECK(e.code() == abp::ExitCode::kDataErr);
      CHECK(e.line() ==
            1 + static_cast<std::uint64_t>(std::count(
                    bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bad), '\n')));
    }
  }
}
