#include "abp/core/catalogue.hpp"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <utility>

#include "abp/fast/two_threads.hpp"

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

// Sorts keys[0, n) that differ only in their low `bits` bits: LSD radix sort, 11 bits a pass
// (the counts stay in the L1 cache), skipping passes where every key has the same digit.
void radix_sort(std::uint64_t* keys, std::size_t n, unsigned bits,
                std::vector<std::uint64_t>& scratch) {
  if (n < 64 || n > UINT32_MAX) {
    std::sort(keys, keys + n);
    return;
  }
  constexpr unsigned kDigit = 11;
  constexpr std::size_t kRadix = std::size_t{1} << kDigit;
  const unsigned passes = (bits + kDigit - 1) / kDigit;
  if (scratch.size() < n) scratch.resize(n);
  std::vector<std::uint32_t> counts(passes * kRadix, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (unsigned p = 0; p < passes; ++p) {
      ++counts[p * kRadix + ((keys[i] >> (p * kDigit)) & (kRadix - 1))];
    }
  }
  std::uint64_t* from = keys;
  std::uint64_t* to = scratch.data();
  for (unsigned p = 0; p < passes; ++p) {
    std::uint32_t* count = counts.data() + p * kRadix;
    if (std::find(count, count + kRadix, n) != count + kRadix) continue;  // one digit for all
    std::uint32_t sum = 0;
    for (std::size_t d = 0; d < kRadix; ++d) sum += std::exchange(count[d], sum);
    const unsigned shift = p * kDigit;
    for (std::size_t i = 0; i < n; ++i) to[count[(from[i] >> shift) & (kRadix - 1)]++] = from[i];
    std::swap(from, to);
  }
  if (from != keys) std::copy(from, from + n, keys);
}

// std::unique over the sorted range [first, last) that also writes, for each element kept,
// how many equal elements it stood for to `counts` (in step with the elements kept).
template <typename T>
T* unique_counted(T* first, T* last, std::uint32_t* counts) {
  T* kept = first;
  while (first != last) {
    const T* run = first;
    while (first != last && *first == *run) ++first;
    *kept++ = *run;
    const auto copies = static_cast<std::uint64_t>(first - run);
    *counts++ = static_cast<std::uint32_t>(std::min<std::uint64_t>(copies, UINT32_MAX));
  }
  return kept;
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

Catalogue CatalogueBuilder::finish(RowCounts row_counts) && {
  Catalogue out;
  auto names = std::make_shared<Catalogue::Names>();
  authors_.drop_index();
  titles_.drop_index();
  publishers_.drop_index();
  // Each ranking uses both threads when its pool is large.
  std::vector<Id> author_rank = rank_pool(authors_, names->author_names);
  std::vector<Id> publisher_rank = rank_pool(publishers_, names->publisher_names);
  const unsigned author_bits = bits_for(authors_.size());
  const unsigned title_bits = bits_for(titles_.size());
  const unsigned publisher_bits = bits_for(publishers_.size());
  if (author_bits + title_bits + publisher_bits <= 64) {
    sort_packed(author_rank, publisher_rank, out, row_counts);
  } else {
    sort_wide(author_rank, publisher_rank, out, row_counts);
  }
  out.row_counts_ = row_counts == RowCounts::kKeep;
  // From here on every name is reached through the Refs taken; the pools keep the strings.
  names->title_names = titles_.release_refs();
  authors_.forget_ids();
  publishers_.forget_ids();
  struct Pools {
    StringPool authors;
    StringPool titles;
    StringPool publishers;
  };
  // The name views point into the pools' blocks, which a move leaves where they are.
  names->storage.push_back(std::make_shared<const Pools>(
      Pools{std::move(authors_), std::move(titles_), std::move(publishers_)}));
  out.names_ = std::move(names);
  return out;
}

Catalogue Catalogue::with_facts(std::vector<Fact> facts, std::vector<std::uint32_t> rows) const {
  Catalogue out;
  out.names_ = names_;
  out.facts_ = std::move(facts);
  out.fact_rows_ = std::move(rows);
  out.row_counts_ = !out.fact_rows_.empty() || (row_counts_ && out.facts_.empty());
  return out;
}

void CatalogueBuilder::sort_packed(std::vector<Id>& author_rank, std::vector<Id>& publisher_rank,
                                   Catalogue& out, RowCounts row_counts) {
  // Facts packed as (author rank, title id, publisher rank) into one integer sort by author,
  // then group each author's facts by title. Only the titles of one author need ordering by
  // their text, so no title is ranked among all of them: each author's few titles are sorted
  // where they stand.
  //
  // The keys are spread into at most 2048 buckets by their author's rank as they are packed
  // (one radix pass); each bucket, small enough to stay in the cache, is then radix sorted,
  // its duplicates dropped and its authors' titles ordered, half of the buckets on each
  // thread.
  const std::size_t authors_count = authors_.size();
  const unsigned title_bits = bits_for(titles_.size());
  const unsigned publisher_bits = bits_for(publishers_.size());
  const unsigned author_bits = bits_for(authors_count);
  const unsigned bucket_shift = author_bits > 11 ? author_bits - 11 : 0;
  const unsigned title_shift = publisher_bits;
  const unsigned author_shift = title_bits + publisher_bits;
  const std::size_t buckets = (authors_count >> bucket_shift) + 1;
  std::vector<std::size_t> start(buckets + 1, 0);
  for (const Fact& f : facts_) ++start[(author_rank[f.author] >> bucket_shift) + 1];
  for (std::size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  std::vector<std::uint64_t> keys(facts_.size());
  {
    std::vector<std::size_t> at(start.begin(), start.end() - 1);
    for (const Fact& f : facts_) {
      const Id a = author_rank[f.author];
      keys[at[a >> bucket_shift]++] = (std::uint64_t{a} << author_shift) |
                                      (std::uint64_t{f.title} << title_shift) |
                                      publisher_rank[f.publisher];
    }
  }
  author_rank = publisher_rank = std::vector<Id>();
  // Rows per distinct key, in step with `keys` (when asked for).
  std::vector<std::uint32_t> rows(row_counts == RowCounts::kKeep ? keys.size() : 0);

  const std::uint64_t title_mask = (std::uint64_t{1} << title_bits) - 1;
  const std::uint64_t publisher_mask = (std::uint64_t{1} << publisher_bits) - 1;
  auto author_of = [&](std::uint64_t key) { return key >> author_shift; };
  auto title_of = [&](std::uint64_t key) {
    return static_cast<Id>((key >> title_shift) & title_mask);
  };
  auto book_of = [&](std::uint64_t key) { return key >> title_shift; };  // (author, title)
  const unsigned low_bits = bucket_shift + author_shift;  // what differs within a bucket

  std::vector<std::size_t> end(buckets);  // per bucket: where its distinct keys end
  const auto half = static_cast<std::size_t>(
      std::lower_bound(start.begin(), start.end(), keys.size() / 2) - start.begin());
  on_two_threads([&](int part) {
    std::vector<std::uint64_t> scratch;
    std::vector<std::uint32_t> rows_scratch;
    struct Book {
      StringPool::Ref title;
      std::size_t begin;  // its keys in the author's run
      std::size_t end;
    };
    std::vector<Book> titles;
    const std::size_t first = part == 0 ? 0 : half;
    const std::size_t last = part == 0 ? half : buckets;
    for (std::size_t b = first; b < last; ++b) {
      std::uint64_t* lo = keys.data() + start[b];
      std::uint64_t* hi = keys.data() + start[b + 1];
      radix_sort(lo, static_cast<std::size_t>(hi - lo), low_bits, scratch);
      std::uint32_t* const lo_rows = rows.empty() ? nullptr : rows.data() + start[b];
      hi = lo_rows ? unique_counted(lo, hi, lo_rows) : std::unique(lo, hi);
      end[b] = static_cast<std::size_t>(hi - keys.data());
      const std::size_t n = static_cast<std::size_t>(hi - lo);
      // Titles lie at random in the pool: ask for each id's entry, then its text, ahead.
      std::size_t ref_ahead = 0;
      std::size_t text_ahead = 0;
      for (std::size_t i = 0; i < n;) {
        std::size_t j = i + 1;
        while (j < n && author_of(lo[j]) == author_of(lo[i])) ++j;
        for (; ref_ahead < std::min(n, j + 64); ++ref_ahead) {
          titles_.prefetch_ref(title_of(lo[ref_ahead]));
        }
        for (; text_ahead < std::min(n, j + 32); ++text_ahead) {
          prefetch(titles_.ref(title_of(lo[text_ahead])));
        }
        // The author's facts [i, j), grouped by title id: one group per book.
        titles.clear();
        for (std::size_t k = i; k < j;) {
          std::size_t m = k + 1;
          while (m < j && book_of(lo[m]) == book_of(lo[k])) ++m;
          titles.push_back(Book{titles_.ref(title_of(lo[k])), k, m});
          k = m;
        }
        if (titles.size() > 1) {
          std::sort(titles.begin(), titles.end(), [](const Book& x, const Book& y) {
            return StringPool::text(x.title) < StringPool::text(y.title);
          });
          scratch.clear();
          for (const Book& book : titles) {
            scratch.insert(scratch.end(), lo + book.begin, lo + book.end);
          }
          std::copy(scratch.begin(), scratch.end(), lo + i);
          if (lo_rows) {
            rows_scratch.clear();
            for (const Book& book : titles) {
              rows_scratch.insert(rows_scratch.end(), lo_rows + book.begin, lo_rows + book.end);
            }
            std::copy(rows_scratch.begin(), rows_scratch.end(), lo_rows + i);
          }
        }
        i = j;
      }
    }
  });

  // The facts in tree order go back into the list they came from: its memory is already
  // paged in.
  std::size_t distinct = 0;
  for (std::size_t b = 0; b < buckets; ++b) distinct += end[b] - start[b];
  facts_.resize(distinct);
  std::size_t at = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    for (std::size_t i = start[b]; i < end[b]; ++i) {
      const std::uint64_t k = keys[i];
      if (!rows.empty()) rows[at] = rows[i];  // at <= i: moves the counts down in step
      facts_[at++] =
          Fact{static_cast<Id>(author_of(k)), title_of(k), static_cast<Id>(k & publisher_mask)};
    }
  }
  if (!rows.empty()) rows.resize(distinct);
  out.facts_ = std::move(facts_);
  out.fact_rows_ = std::move(rows);
}

void CatalogueBuilder::sort_wide(std::vector<Id>& author_rank, std::vector<Id>& publisher_rank,
                                 Catalogue& out, RowCounts row_counts) {
  // Ranks too wide to pack into one integer: rank titles too and sort the facts as triples.
  std::vector<StringPool::Ref> title_by_rank;
  const std::vector<Id> title_rank = rank_pool(titles_, title_by_rank);
  for (Fact& fact : facts_) {
    fact = Fact{author_rank[fact.author], title_rank[fact.title], publisher_rank[fact.publisher]};
  }
  std::sort(facts_.begin(), facts_.end(), [](const Fact& a, const Fact& b) {
    return std::tie(a.author, a.title, a.publisher) < std::tie(b.author, b.title, b.publisher);
  });
  if (row_counts == RowCounts::kKeep) {
    std::vector<std::uint32_t> rows(facts_.size());
    Fact* const kept_end =
        unique_counted(facts_.data(), facts_.data() + facts_.size(), rows.data());
    facts_.resize(static_cast<std::size_t>(kept_end - facts_.data()));
    rows.resize(facts_.size());
    out.fact_rows_ = std::move(rows);
  } else {
    facts_.erase(std::unique(facts_.begin(), facts_.end()), facts_.end());
  }
  std::vector<Id> title_id(title_rank.size());
  for (Id id = 0; id < title_rank.size(); ++id) title_id[title_rank[id]] = id;
  for (Fact& fact : facts_) fact.title = title_id[fact.title];
  out.facts_ = std::move(facts_);
}

namespace {

// The rank of `name` among `names` (byte-wise ascending), or kMissing.
Id find_name(const std::vector<StringPool::Ref>& names, std::string_view name) {
  const auto at = std::lower_bound(
      names.begin(), names.end(), name,
      [](StringPool::Ref ref, std::string_view wanted) { return StringPool::text(ref) < wanted; });
  if (at == names.end() || StringPool::text(*at) != name) return StringPool::kMissing;
  return static_cast<Id>(at - names.begin());
}

}  // namespace

Id Catalogue::find_author(std::string_view name) const {
  return find_name(names_->author_names, name);
}

Id Catalogue::find_publisher(std::string_view name) const {
  return find_name(names_->publisher_names, name);
}

std::pair<std::size_t, std::size_t> Catalogue::author_facts(Id rank) const {
  const auto [first, last] =
      std::equal_range(facts_.begin(), facts_.end(), Fact{rank, 0, 0},
                       [](const Fact& a, const Fact& b) { return a.author < b.author; });
  return {static_cast<std::size_t>(first - facts_.begin()),
          static_cast<std::size_t>(last - facts_.begin())};
}

bool Catalogue::contains(std::string_view author, std::string_view title,
                         std::string_view publisher) const {
  const Id author_rank = find_author(author);
  const Id publisher_rank = find_publisher(publisher);
  if (author_rank == StringPool::kMissing || publisher_rank == StringPool::kMissing) return false;
  const auto [first, last] = author_facts(author_rank);
  // An author's facts are ordered by title, then publisher.
  const auto end = facts_.begin() + static_cast<std::ptrdiff_t>(last);
  const auto at = std::lower_bound(
      facts_.begin() + static_cast<std::ptrdiff_t>(first), end,
      std::make_pair(title, publisher_rank),
      [this](const Fact& fact, const std::pair<std::string_view, Id>& wanted) {
        const std::string_view t = title_name(fact.title);
        return t != wanted.first ? t < wanted.first : fact.publisher < wanted.second;
      });
  return at != end && title_name(at->title) == title && at->publisher == publisher_rank;
}

}  // namespace abp
