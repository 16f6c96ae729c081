#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "abp/serve/http_types.hpp"
#include "abp/serve/params.hpp"
#include "abp/serve/reading.hpp"

namespace abp {

/// The JSON side of SPEC §8.
namespace api {

/// /api/report: the bytes abp report prints for the output flags given as parameters
/// (format, section, top, ascending, and ascii and bars), with the matching Content-Type,
/// written while they are sent. HttpError(400) with report's own message for a bad value.
HttpResponse report(std::shared_ptr<const Reading> reading, const Params& params);

/// /api/author and /api/publisher: what /api/report?section=tree&format=json answers for that
/// author's / publisher's facts only. HttpError(404) for an unknown name.
HttpResponse author(const Reading& reading, const std::string& name);
HttpResponse publisher(const Reading& reading, const std::string& name);

/// /api/search: {"facts":[{"author":A,"title":T,"publisher":P}]}, the first 100 in tree order.
HttpResponse search(const Reading& reading, const std::string& text);

/// A JSON body {"error":MESSAGE} with `status`.
HttpResponse error(int status, std::string_view message);

/// The body of a JSON answer to /api/add: {"added":true} or {"added":false}.
HttpResponse added(bool added);

}  // namespace api
}  // namespace abp
