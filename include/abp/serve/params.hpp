#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace abp {

/// The name=value pairs of a query string or of an urlencoded form body, decoded strictly.
class Params {
 public:
  Params() = default;

  /// Decodes `text` (`name=Le+Guin&page=2`): pairs split at `&`, name and value at the first
  /// `=`, `+` is a space and `%` must be followed by two hex digits. Every name and value must
  /// be UTF-8 without NUL: anything else throws HttpError(400) naming the parameter (SPEC §8),
  /// where a lenient decoder would pass on bytes the pages cannot show.
  static Params parse(std::string_view text);

  /// Returns the first value of `name`, or nullptr.
  const std::string* find(std::string_view name) const;

  /// Returns the first value of `name`, or `fallback`.
  std::string get(std::string_view name, std::string_view fallback = {}) const;

  /// Returns every value of `name`, in order.
  std::vector<std::string> all(std::string_view name) const;

  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

}  // namespace abp
