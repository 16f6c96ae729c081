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

// Runs work(0) here and work(1) on a second thread, the pieces independent; rethrows the
// second thread's exception after joining.
template <typename Work>
void on_two_threads(Work work) {
  std::exception_ptr error;
  std::thread helper([&] {
    try {
      work(1);
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    work(0);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (error) std::rethrow_exception(error);
}

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
  // The buckets are independent: two threads take half of the strings each.
  const std::size_t half =
      n < (1u << 16) ? 65536
                     : static_cast<std::size_t>(
                           std::lower_bound(start.begin(), start.end(), n / 2) - start.begin());
  auto sort_buckets = [&](std::size_t first, std::size_t last) {
    StringSorter sorter(pool);
    std::vector<Keyed> items;
    constexpr std::size_t kAhead = 8;  // a bucket's strings lie apart: ask for them ahead
    for (std::size_t b = first; b < last; ++b) {
      const std::size_t size = start[b + 1] - start[b];
      if (size < 2) continue;
      Id* ids = order.data() + start[b];
      items.resize(size);
      for (std::size_t i = 0; i < size; ++i) {
        if (i + kAhead < size) prefetch(pool.ref(ids[i + kAhead]));
        items[i] = Keyed{key_at(pool.view(ids[i]), 0), ids[i]};
      }
      sorter.sort(items.data(), size, 2, 0);
      for (std::size_t i = 0; i < size; ++i) ids[i] = items[i].id;
    }
  };
  if (half >= 65536) {
    sort_buckets(0, 65536);
  } else {
    on_two_threads(
        [&](int part) { part == 0 ? sort_buckets(0, half) : sort_buckets(half, 65536); });
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
  // Each ranking uses both threads when its pool is large.
  std::vector<Id> author_rank = rank_pool(authors_, out.author_names_);
  std::vector<Id> title_rank = rank_pool(titles_, out.title_names_);
  std::vector<Id> publisher_rank = rank_pool(publishers_, out.publisher_names_);

  const unsigned title_bits = bits_for(titles_.size());
  const unsigned publisher_bits = bits_for(publishers_.size());
  const std::size_t authors_count = authors_.size();
  const unsigned key_bits = bits_for(authors_count) + title_bits + publisher_bits;
  // From here on names are reached through the Refs just taken.
  authors_.forget_ids();
  titles_.forget_ids();
  publishers_.forget_ids();
  if (key_bits <= 64) {
    // Ranks packed into one integer sort in tree order. The keys are spread into at most
    // 2048 buckets by their author's rank as they are packed (one radix pass), then the
    // buckets, small enough to stay in the cache, are sorted on two threads.
    const unsigned author_bits = key_bits - title_bits - publisher_bits;
    const unsigned bucket_shift = author_bits > 11 ? author_bits - 11 : 0;
    const std::size_t buckets = (authors_count >> bucket_shift) + 1;
    std::vector<std::size_t> start(buckets + 1, 0);
    for (const Fact& f : facts_) ++start[(author_rank[f.author] >> bucket_shift) + 1];
    for (std::size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
    std::vector<std::uint64_t> keys(facts_.size());
    {
      std::vector<std::size_t> at(start.begin(), start.end() - 1);
      constexpr std::size_t kAhead = 16;  // title ranks are read at random: ask ahead
      for (std::size_t i = 0; i < facts_.size(); ++i) {
        if (i + kAhead < facts_.size()) prefetch(&title_rank[facts_[i + kAhead].title]);
        const Fact& f = facts_[i];
        const Id a = author_rank[f.author];
        keys[at[a >> bucket_shift]++] = (std::uint64_t{a} << (title_bits + publisher_bits)) |
                                        (std::uint64_t{title_rank[f.title]} << publisher_bits) |
                                        publisher_rank[f.publisher];
      }
    }
    author_rank = title_rank = publisher_rank = std::vector<Id>();
    const auto half = static_cast<std::size_t>(
        std::lower_bound(start.begin(), start.end(), keys.size() / 2) - start.begin());
    on_two_threads([&](int part) {
      for (std::size_t b = part == 0 ? 0 : half; b < (part == 0 ? half : buckets); ++b) {
        std::sort(keys.begin() + static_cast<std::ptrdiff_t>(start[b]),
                  keys.begin() + static_cast<std::ptrdiff_t>(start[b + 1]));
      }
    });
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    // The facts go back into the list they came from: its memory is already paged in.
    const std::uint64_t title_mask = (std::uint64_t{1} << title_bits) - 1;
    const std::uint64_t publisher_mask = (std::uint64_t{1} << publisher_bits) - 1;
    facts_.resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::uint64_t k = keys[i];
      facts_[i] = Fact{static_cast<Id>(k >> (title_bits + publisher_bits)),
                       static_cast<Id>((k >> publisher_bits) & title_mask),
                       static_cast<Id>(k & publisher_mask)};
    }
    out.facts_ = std::move(facts_);
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
  constexpr std::size_t kAhead = 16;
  out.title_names_ = std::vector<StringPool::Ref>();
  Id author = 0;
  Id last_title = 0;
  for (std::size_t i = 0; i < out.facts_.size(); ++i) {
    Fact& fact = out.facts_[i];
    if (i + kAhead < out.facts_.size()) prefetch(&title_by_rank[out.facts_[i + kAhead].title]);
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
