#include "abp/text.hpp"

#include <catch2/catch.hpp>

TEST_CASE("text: values are trimmed and inner blank runs collapse to one space", "[text]") {
  CHECK(abp::normalize_value("Stephen        King") == "Stephen King");
  CHECK(abp::normalize_value("Vintage Books ") == "Vintage Books");
  CHECK(abp::normalize_value(" \t a\t\tb  c \t") == "a b c");
  CHECK(abp::normalize_value("") == "");
  CHECK(abp::normalize_value(" \t ") == "");
  CHECK(abp::normalize_value("a\nb") == "a\nb");  // only spaces and tabs are touched
}
