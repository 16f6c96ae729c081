#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "abp/serve/live_catalogue.hpp"
#include "abp/serve/reading.hpp"
#include "abp/store/appender.hpp"

namespace abp {

/// What every page shows around its content: the header (links, search box), a note when the
/// file could not be read, the footer.
struct PageFrame {
  std::string file_name;
  bool write = false;  // --write: the add form is offered
  bool token = false;  // the form asks for the token too
  const ReadingState* state = nullptr;
  std::string query;  // the search box's text
};

/// The pages of SPEC §8. Each returns a whole HTML document; every value in it is escaped.
/// Lists are paged 100 to a page; `page` is 1-based and HttpError(404) when past the end.
namespace pages {

inline constexpr std::size_t kPageSize = 100;
inline constexpr std::size_t kFrontLines = 20;

std::string home(const PageFrame& frame, const Reading& reading);
std::string publishers(const PageFrame& frame, const Reading& reading, std::size_t page);
std::string authors(const PageFrame& frame, const Reading& reading, std::size_t page);
std::string tree(const PageFrame& frame, const Reading& reading, std::size_t page);
/// HttpError(404) when no publisher / author has that exact name.
std::string publisher(const PageFrame& frame, const Reading& reading, const std::string& name);
/// `note`: "added" or "present" after a form add (the 303 lands here), else empty.
std::string author(const PageFrame& frame, const Reading& reading, const std::string& name,
                   std::string_view note);
/// `text` empty: the page only offers the search box.
std::string search(const PageFrame& frame, const Reading& reading, const std::string& text);
/// The add form with `typed` values and, when refused, the message.
std::string add_form(const PageFrame& frame, const NewFact& typed, std::string_view message);
std::string error(const PageFrame& frame, int status, std::string_view message);

}  // namespace pages
}  // namespace abp
