#include "abp/serve/api.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/report/json_writer.hpp"
#include "abp/report/render.hpp"
#include "abp/serve/fact_leaves.hpp"

namespace abp {
namespace api {
namespace {

constexpr const char* kJson = "application/json";

const char* content_type(Format format) {
  switch (format) {
    case Format::kText:
      return "text/plain; charset=utf-8";
    case Format::kCsv:
      return "text/csv; charset=utf-8";
    case Format::kTsv:
      return "text/tab-separated-values; charset=utf-8";
    case Format::kJson:
      return kJson;
    case Format::kHtml:
      return "text/html; charset=utf-8";
    case Format::kNdjson:
      break;
  }
  return "application/x-ndjson";
}

// A flag given as a parameter: present without a value, or 1/true/yes, is on.
bool flag(const Params& params, std::string_view name) {
  const std::string* value = params.find(name);
  if (value == nullptr) return false;
  if (value->empty() || *value == "1" || *value == "true" || *value == "yes") return true;
  if (*value == "0" || *value == "false" || *value == "no") return false;
  throw HttpError(400, fmt::format("{} takes 1 or 0 (got '{}')", name, *value));
}

std::size_t top(const std::string& text) {
  if (const std::optional<std::size_t> value = whole_number(text)) return *value;
  throw HttpError(400, fmt::format("top takes a whole number, 0 or more (got '{}')", text));
}

// ?format=NAME: one of report's format names.
Format format_of(const std::string& name) {
  if (const std::optional<Format> format = format_named(name)) return *format;
  std::string known;
  for (const auto& format_name : format_names()) {
    known += known.empty() ? format_name.first : ", " + format_name.first;
  }
  throw HttpError(400, fmt::format("unknown format '{}': use {}", name, known));
}

// ?section=a,b&section=c: the sections named, all but author-books when none is.
Sections sections_of(const std::vector<std::string>& lists) {
  const std::vector<std::string>& known = section_names();
  std::vector<std::string> names;
  for (const std::string& list : lists) {
    std::size_t begin = 0;
    for (;;) {
      const std::size_t end = list.find(',', begin);
      names.push_back(list.substr(begin, end - begin));
      if (std::find(known.begin(), known.end(), names.back()) == known.end()) {
        throw HttpError(400, fmt::format("unknown section '{}': use books, authors, "
                                         "author-books or tree",
                                         names.back()));
      }
      if (end == std::string::npos) break;
      begin = end + 1;
    }
  }
  return *sections_named(names);
}

// The tree of some facts as the json report writes it.
HttpResponse tree_json(FactLeaves& leaves) {
  RenderOptions options;
  options.format = Format::kJson;
  options.sections = Sections{false, false, true};
  HttpResponse response;
  response.content_type = kJson;
  Output out(&response.body);
  render_report(leaves, options, out);
  out.flush();
  return response;
}

}  // namespace

HttpResponse report(std::shared_ptr<const Reading> reading, const Params& params) {
  static const char* const kKnown[] = {"format", "section", "top", "ascending", "ascii", "bars"};
  for (const auto& [name, value] : params.items()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown)) {
      throw HttpError(400, fmt::format("unknown parameter '{}': use format, section, top, "
                                       "ascending, ascii or bars",
                                       name));
    }
  }
  RenderOptions options;
  const std::vector<std::string> sections = params.all("section");
  try {
    options.format = format_of(params.get("format", "text"));
    options.sections = sections_of(sections);
    options.order = flag(params, "ascending") ? SortOrder::kAscending : SortOrder::kDescending;
    options.style = flag(params, "ascii") ? TreeStyle::kAscii : TreeStyle::kUnicode;
    options.bars = flag(params, "bars");
    if (const std::string* value = params.find("top")) options.top = top(*value);
    options = validate_render_options(options, !sections.empty());
  } catch (const Error& e) {
    throw HttpError(400, e.what());
  }
  HttpResponse response;
  response.content_type = content_type(options.format);
  // Written as it is sent: a large catalogue's report is never held whole. The reading stays
  // alive with the response, whatever the file does meanwhile.
  response.stream = [reading = std::move(reading), options](Output& out) {
    render_report(reading->catalogue(), options, out);
  };
  return response;
}

HttpResponse author(const Reading& reading, const std::string& name) {
  const auto [first, last] = reading.named_author_facts(name);
  FactLeaves leaves(reading.catalogue(), first, last);
  return tree_json(leaves);
}

HttpResponse publisher(const Reading& reading, const std::string& name) {
  const auto [first, last] = reading.publisher_facts(reading.named_publisher(name));
  FactLeaves leaves(reading.catalogue(), std::vector<std::uint32_t>(first, last));
  return tree_json(leaves);
}

HttpResponse search(const Reading& reading, const std::string& text) {
  FactLeaves leaves(reading.catalogue(), reading.search(text, 100));
  RenderOptions options;
  options.format = Format::kNdjson;
  options.sections = Sections{false, false, true};
  HttpResponse response;
  response.content_type = kJson;
  response.body = "{\"facts\":[";
  const std::size_t first = response.body.size();
  Output out(&response.body);  // written after what the body holds
  render_report(leaves, options, out);
  out.flush();
  // One ndjson line per fact is exactly one element of the list, and a JSON line holds no raw
  // line break: the line ends become the commas, but the last.
  std::replace(response.body.begin() + static_cast<std::ptrdiff_t>(first), response.body.end(),
               '\n', ',');
  if (response.body.size() > first) response.body.pop_back();
  response.body += "]}\n";
  return response;
}

HttpResponse error(int status, std::string_view message) {
  HttpResponse response;
  response.status = status;
  response.content_type = kJson;
  response.body = "{\"error\":";
  append_json_string(response.body, message);
  response.body += "}\n";
  return response;
}

HttpResponse added(bool added) {
  HttpResponse response;
  response.status = added ? 201 : 200;
  response.content_type = kJson;
  response.body = added ? "{\"added\":true}\n" : "{\"added\":false}\n";
  return response;
}

}  // namespace api
}  // namespace abp
