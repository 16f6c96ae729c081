#include "abp/catalogue.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <thread>
#include <tuple>
#include <utility>

namespace abp {
namespace {

// Eight bytes of `text` from `depth` on, big-endian and zero-padded, so comparing two keys as
// integers compares those bytes as memcmp would.
std::uint64_t key_at(std::string_view text, std::size_t depth) {
  if (depth >= text.size()) return 0;
  unsigned char bytes[8] = {};
  std::memcpy(bytes, text.data() + depth, std::min<std::size_t>(8, text.size() - depth));
  std::uint64_t key = 0;
  for (const unsigned char b : bytes) key = (key << 8) | b;
  return key;
}

struct Keyed {
  std::uint64_t key;  // bytes depth..depth+7 of the string
  Id id;
};

// Sorts `items` (all sharing the bytes before `depth`, keyed at `depth`) byte-wise by their
// strings: MSD radix on the key's bytes from `byte` on, comparison sorts for small ranges and
// for ranges whose keys cannot tell the strings apart.
class StringSorter {
 public:
  explicit StringSorter(const StringPool& pool) : pool_(pool) {}

  void sort(Keyed* items, std::size_t n, unsigned byte, std::size_t depth) {
    // Loops while a byte does not split the range; recurses only into real splits.
    for (;;) {
      if (n < 2) return;
      if (n <= 32) return compare_sort(items, n, depth);
      if (byte == 8) {
        // Equal keys: go on with the next eight bytes, unless a string ends here (then the
        // keys' zero padding could tie "ab" with "ab\0").
        for (std::size_t i = 0; i < n; ++i) {
          if (pool_.view(items[i].id).size() <= depth + 8) return compare_sort(items, n, depth);
        }
        for (std::size_t i = 0; i < n; ++i)
          items[i].key = key_at(pool_.view(items[i].id), depth + 8);
        depth += 8;
        byte = 0;
        continue;
      }
      const unsigned shift = 56 - 8 * byte;
      std::uint32_t count[257] = {};
      for (std::size_t i = 0; i < n; ++i) ++count[((items[i].key >> shift) & 0xFF) + 1];
      if (std::find(count + 1, count + 257, n) == count + 257) break;
      ++byte;
    }
    const unsigned shift = 56 - 8 * byte;
    std::uint32_t count[257] = {};
    for (std::size_t i = 0; i < n; ++i) ++count[((items[i].key >> shift) & 0xFF) + 1];
    for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
    if (scratch_.size() < n) scratch_.resize(n);
    std::uint32_t at[256];
    std::copy(count, count + 256, at);
    for (std::size_t i = 0; i < n; ++i) scratch_[at[(items[i].key >> shift) & 0xFF]++] = items[i];
    std::copy(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(n), items);
    for (int b = 0; b < 256; ++b) sort(items + count[b], count[b + 1] - count[b], byte + 1, depth);
  }

 private:
  void compare_sort(Keyed* items, std::size_t n, std::size_t depth) {
    std::sort(items, items + n, [this, depth](const Keyed& a, const Keyed& b) {
      if (a.key != b.key) return a.key < b.key;
      const std::string_view x = pool_.view(a.id);
      const std::string_view y = pool_.view(b.id);
      return x.substr(std::min(depth, x.size())) < y.substr(std::min(depth, y.size()));
    });
  }

  const StringPool& pool_;
  std::vector<Keyed> scratch_;
};

// Ranks a pool's strings byte-wise: fills `names` (rank -> string) and returns rank_of
// (id -> rank). Ids are first bucketed by their strings' first two bytes, read front to back
// from the pool; each bucket is then keyed and sorted on its own, so only one bucket's keys
// are in memory at a time.
std::vector<Id> rank_pool(const StringPool& pool, std::vector<StringPool::Ref>& names) {
  const std::size_t n = pool.size();
  auto bucket_of = [&pool](Id id) { return key_at(pool.view(id), 0) >> 48; };
  std::vector<std::size_t> start(65537, 0);
  for (Id id = 0; id < n; ++id) ++start[bucket_of(id) + 1];
  for (std::size_t b = 0; b < 65536; ++b) start[b + 1] += start[b];
  std::vector<Id> order(n);
  {
    std::vector<std::size_t> at(start.begin(), start.end() - 1);
    for (Id id = 0; id < n; ++id) order[at[bucket_of(id)]++] = id;
  }
  StringSorter sorter(pool);
  std::vector<Keyed> items;
  for (std::size_t b = 0; b < 65536; ++b) {
    const std::size_t size = start[b + 1] - start[b];
    if (size < 2) continue;
    Id* ids = order.data() + start[b];
    items.resize(size);
    for (std::size_t i = 0; i < size; ++i) items[i] = Keyed{key_at(pool.view(ids[i]), 0), ids[i]};
    sorter.sort(items.data(), size, 2, 0);
    for (std::size_t i = 0; i < size; ++i) ids[i] = items[i].id;
  }
  names.resize(n);
  std::vector<Id> rank_of(n);
  for (std::size_t rank = 0; rank < n; ++rank) {
    names[rank] = pool.ref(order[rank]);
    rank_of[order[rank]] = static_cast<Id>(rank);
  }
  return rank_of;
}

unsigned bits_for(std::size_t count) {
  unsigned bits = 0;
  while (bits < 64 && (std::uint64_t{1} << bits) < count) ++bits;
  return bits;
}

// LSD radix sort of 64-bit keys, 11 bits a pass, skipping passes where all keys agree.
void radix_sort(std::vector<std::uint64_t>& keys, unsigned key_bits) {
  constexpr unsigned kDigit = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kDigit;
  std::vector<std::uint64_t> scratch(keys.size());
  std::vector<std::size_t> count(kBuckets);
  for (unsigned shift = 0; shift < key_bits; shift += kDigit) {
    std::fill(count.begin(), count.end(), 0);
    for (const std::uint64_t k : keys) ++count[(k >> shift) & (kBuckets - 1)];
    if (std::find(count.begin(), count.end(), keys.size()) != count.end()) continue;
    std::size_t sum = 0;
    for (std::size_t& c : count) sum += std::exchange(c, sum);
    for (const std::uint64_t k : keys) scratch[count[(k >> shift) & (kBuckets - 1)]++] = k;
    keys.swap(scratch);
  }
}

}  // namespace

bool CatalogueBuilder::contains(std::string_view author, std::string_view title,
                                std::string_view publisher) const {
  const Fact wanted{authors_.find(author), titles_.find(title), publishers_.find(publisher)};
  if (wanted.author == StringPool::kMissing || wanted.title == StringPool::kMissing ||
      wanted.publisher == StringPool::kMissing) {
    return false;
  }
  return std::find(facts_.begin(), facts_.end(), wanted) != facts_.end();
}

Catalogue CatalogueBuilder::finish() && {
  Catalogue out;
  authors_.drop_index();
  titles_.drop_index();
  publishers_.drop_index();
  // Titles are the largest pool: rank them on a second thread meanwhile.
  std::vector<Id> title_rank;
  std::exception_ptr title_error;
  std::thread titles_thread([&] {
    try {
      title_rank = rank_pool(titles_, out.title_names_);
    } catch (...) {
      title_error = std::current_exception();
    }
  });
  std::vector<Id> author_rank;
  std::vector<Id> publisher_rank;
  try {
    author_rank = rank_pool(authors_, out.author_names_);
    publisher_rank = rank_pool(publishers_, out.publisher_names_);
  } catch (...) {
    titles_thread.join();
    throw;
  }
  titles_thread.join();
  if (title_error) std::rethrow_exception(title_error);

  const unsigned title_bits = bits_for(titles_.size());
  const unsigned publisher_bits = bits_for(publishers_.size());
  const unsigned key_bits = bits_for(authors_.size()) + title_bits + publisher_bits;
  // From here on names are reached through the Refs just taken.
  authors_.forget_ids();
  titles_.forget_ids();
  publishers_.forget_ids();
  if (key_bits <= 64) {
    // Ranks packed into one integer sort in tree order: a radix sort of 64-bit keys.
    std::vector<std::uint64_t> keys(facts_.size());
    for (std::size_t i = 0; i < facts_.size(); ++i) {
      const Fact& f = facts_[i];
      keys[i] = (std::uint64_t{author_rank[f.author]} << (title_bits + publisher_bits)) |
                (std::uint64_t{title_rank[f.title]} << publisher_bits) |
                publisher_rank[f.publisher];
    }
    facts_ = std::vector<Fact>();
    author_rank = title_rank = publisher_rank = std::vector<Id>();
    radix_sort(keys, key_bits);
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const std::uint64_t title_mask = (std::uint64_t{1} << title_bits) - 1;
    const std::uint64_t publisher_mask = (std::uint64_t{1} << publisher_bits) - 1;
    out.facts_.resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::uint64_t k = keys[i];
      out.facts_[i] = Fact{static_cast<Id>(k >> (title_bits + publisher_bits)),
                           static_cast<Id>((k >> publisher_bits) & title_mask),
                           static_cast<Id>(k & publisher_mask)};
    }
  } else {
    for (Fact& fact : facts_) {
      fact = Fact{author_rank[fact.author], title_rank[fact.title], publisher_rank[fact.publisher]};
    }
    std::sort(facts_.begin(), facts_.end(), [](const Fact& a, const Fact& b) {
      return std::tie(a.author, a.title, a.publisher) < std::tie(b.author, b.title, b.publisher);
    });
    facts_.erase(std::unique(facts_.begin(), facts_.end()), facts_.end());
    out.facts_ = std::move(facts_);
  }
  // Number the books in tree order and name each by its title: the tree then reads its title
  // names front to back instead of at random by title rank.
  std::vector<StringPool::Ref> title_by_rank = std::move(out.title_names_);
  out.title_names_ = std::vector<StringPool::Ref>();
  Id author = 0;
  Id last_title = 0;
  for (std::size_t i = 0; i < out.facts_.size(); ++i) {
    Fact& fact = out.facts_[i];
    if (i == 0 || fact.author != author || fact.title != last_title) {
      author = fact.author;
      last_title = fact.title;
      out.title_names_.push_back(title_by_rank[last_title]);
    }
    fact.title = static_cast<Id>(out.title_names_.size() - 1);
  }
  // The name views point into the pools' blocks, which a move leaves where they are.
  out.authors_ = std::move(authors_);
  out.titles_ = std::move(titles_);
  out.publishers_ = std::move(publishers_);
  return out;
}

}  // namespace abp
