#include "abp/fast/tree_order.hpp"

#include <algorithm>
#include <atomic>
#include <string_view>
#include <tuple>
#include <utility>

#include "abp/fast/page_buffer.hpp"
#include "abp/fast/pages_ahead.hpp"
#include "abp/fast/parallel.hpp"
#include "abp/fast/radix_sort.hpp"

namespace abp {
namespace {

struct Pools {
  const StringPool& authors;
  const StringPool& titles;
  const StringPool& publishers;
};

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

// How many list elements are read before their memory is given back (fast/page_buffer.hpp):
// enough that each call returns many pages.
constexpr std::size_t kGiveBackEvery = std::size_t{1} << 16;

// How many chunks the facts are packed in, taken by the two threads in turn.
constexpr std::size_t kPackChunks = 16;

unsigned bits_for(std::size_t count) {
  unsigned bits = 0;
  while (bits < 64 && (std::uint64_t{1} << bits) < count) ++bits;
  return bits;
}

// The two ways to sort facts: ranks packed into 64-bit keys, or (for more distinct names
// than fit) as triples. Both consume `read` and fill out.facts, and out.rows with
// `row_counts`.
void sort_packed(const Pools& pools, FactList& read, std::vector<Id>& author_rank,
                 std::vector<Id>& publisher_rank, bool row_counts, bool title_offsets,
                 TreeOrder& out) {
  // Facts packed as (author rank, title id, publisher rank) into one integer sort by author,
  // then group each author's facts by title. Only the titles of one author need ordering by
  // their text, so no title is ranked among all of them: each author's few titles are sorted
  // where they stand.
  //
  // The keys are spread into at most 2048 buckets by their author's rank as they are packed
  // (one radix pass); each bucket, small enough to stay in the cache, is then radix sorted,
  // its duplicates dropped and its authors' titles ordered, half of the buckets on each
  // thread.
  const std::size_t authors_count = pools.authors.size();
  const unsigned title_bits = bits_for(pools.titles.size());
  const unsigned publisher_bits = bits_for(pools.publishers.size());
  const unsigned author_bits = bits_for(authors_count);
  const unsigned bucket_shift = author_bits > 11 ? author_bits - 11 : 0;
  const unsigned title_shift = publisher_bits;
  const unsigned author_shift = title_bits + publisher_bits;
  const std::size_t buckets = (authors_count >> bucket_shift) + 1;
  const std::size_t facts_read = read.size();
  // The facts are counted and packed in chunks that the two threads take in turn as each
  // finishes one: halves left one thread waiting (10M rows: the second half of the file took
  // 10-25 ms longer to pack than the first, on either thread). Within a bucket the keys of
  // chunk 0 come first, then chunk 1's, ..., so they lie exactly where one pass over all the
  // facts would put them.
  const std::size_t chunks = facts_read >= kItemsWorthASecondThread ? kPackChunks : 1;
  auto chunk_begin = [&](std::size_t chunk) { return facts_read * chunk / chunks; };
  auto for_each_chunk = [&](auto work) {
    std::atomic<std::size_t> next{0};
    on_two_threads(facts_read, [&](int) {
      for (std::size_t chunk; (chunk = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
        work(chunk, chunk_begin(chunk), chunk_begin(chunk + 1));
      }
    });
  };
  // Per chunk, its facts in each bucket; then where its keys of each bucket go.
  std::vector<std::vector<std::size_t>> chunk_at(chunks, std::vector<std::size_t>(buckets, 0));
  for_each_chunk([&](std::size_t chunk, std::size_t begin, std::size_t end) {
    std::vector<std::size_t>& mine = chunk_at[chunk];
    for (std::size_t i = begin; i < end; ++i) {
      ++mine[author_rank[read[i].author] >> bucket_shift];
    }
  });
  std::vector<std::size_t> start(buckets + 1, 0);
  for (std::size_t b = 0; b < buckets; ++b) {
    std::size_t next = start[b];
    for (std::vector<std::size_t>& chunk : chunk_at) next += std::exchange(chunk[b], next);
    start[b + 1] = next;
  }
  // The keys are written a little at a time into every bucket at once: in small pages they
  // take memory as they fill, while the facts they are made from give theirs back behind the
  // reading (the two lists are the largest things in memory, and never need to be whole
  // together).
  // (One key's room at least: no arithmetic on a null pointer for an empty catalogue.)
  PageBuffer key_memory(std::max<std::size_t>(facts_read, 1) * sizeof(std::uint64_t),
                        PageBuffer::Pages::kSmall);
  std::uint64_t* const keys = key_memory.as<std::uint64_t>();
  for_each_chunk([&](std::size_t chunk, std::size_t begin, std::size_t end) {
    std::vector<std::size_t>& mine = chunk_at[chunk];
    for (std::size_t i = begin; i < end; ++i) {
      const Fact& f = read[i];
      const Id a = author_rank[f.author];
      keys[mine[a >> bucket_shift]++] = (std::uint64_t{a} << author_shift) |
                                        (std::uint64_t{f.title} << title_shift) |
                                        publisher_rank[f.publisher];
      if ((i + 1 - begin) % kGiveBackEvery == 0) {
        // Only this chunk's facts, already read: a page two chunks share is kept.
        give_back_pages(read.data() + (i + 1 - kGiveBackEvery), kGiveBackEvery * sizeof(Fact));
      }
    }
  });
  author_rank = publisher_rank = std::vector<Id>();
  read = FactList();
  // Rows per distinct key, in step with `keys` (when asked for).
  std::vector<std::uint32_t>& rows = out.rows;
  rows.resize(row_counts ? facts_read : 0);
  // Each key's title as an offset from the pool's base, in step with `keys` likewise.
  std::size_t span = 0;
  out.title_base = title_offsets ? pools.titles.offset_base(span) : nullptr;
  std::vector<std::uint32_t>& offsets = out.title_offsets;
  offsets.resize(out.title_base != nullptr ? facts_read : 0);
  auto offset_of = [base = reinterpret_cast<std::uintptr_t>(out.title_base),
                    span](StringPool::Ref ref) {
    const std::uintptr_t offset = reinterpret_cast<std::uintptr_t>(ref) - base;  // wraps below
    return offset < span ? static_cast<std::uint32_t>(offset) : StringPool::kNoOffset;
  };

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
      std::lower_bound(start.begin(), start.end(), facts_read / 2) - start.begin());
  on_two_threads(facts_read, [&](int part) {
    std::vector<std::uint64_t> scratch;
    std::vector<std::uint32_t> rows_scratch;
    // When an author's titles need ordering, each one's text is read once: sorting compares
    // the first eight bytes as one integer and reads on only when those are equal.
    struct Book {
      StringPool::Ref ref;
      std::size_t begin;  // its keys in the author's run
      std::size_t end;
      std::string_view title = {};  // filled (with prefix) only for an author of two or more
      std::uint64_t prefix = 0;     // key_at(title, 0)
    };
    std::vector<Book> titles;
    const std::size_t first = part == 0 ? 0 : half;
    const std::size_t last = part == 0 ? half : buckets;
    for (std::size_t b = first; b < last; ++b) {
      std::uint64_t* lo = keys + start[b];
      std::uint64_t* hi = keys + start[b + 1];
      sort_low_bits(lo, static_cast<std::size_t>(hi - lo), low_bits, scratch);
      std::uint32_t* const lo_rows = rows.empty() ? nullptr : rows.data() + start[b];
      hi = lo_rows ? unique_counted(lo, hi, lo_rows) : std::unique(lo, hi);
      end[b] = static_cast<std::size_t>(hi - keys);
      const std::size_t n = static_cast<std::size_t>(hi - lo);
      // Titles lie at random in the pool: ask for each id's entry, then its text, ahead.
      std::size_t ref_ahead = 0;
      std::size_t text_ahead = 0;
      for (std::size_t i = 0; i < n;) {
        std::size_t j = i + 1;
        while (j < n && author_of(lo[j]) == author_of(lo[i])) ++j;
        for (; ref_ahead < std::min(n, j + 64); ++ref_ahead) {
          pools.titles.prefetch_ref(title_of(lo[ref_ahead]));
        }
        for (; text_ahead < std::min(n, j + 32); ++text_ahead) {
          prefetch(pools.titles.ref(title_of(lo[text_ahead])));
        }
        // The author's facts [i, j), grouped by title id: one group per book.
        titles.clear();
        for (std::size_t k = i; k < j;) {
          std::size_t m = k + 1;
          while (m < j && book_of(lo[m]) == book_of(lo[k])) ++m;
          titles.push_back(Book{pools.titles.ref(title_of(lo[k])), k, m});
          k = m;
        }
        if (titles.size() > 1) {
          for (Book& book : titles) {
            book.title = StringPool::text(book.ref);
            book.prefix = key_at(book.title, 0);
          }
          std::sort(titles.begin(), titles.end(), [](const Book& x, const Book& y) {
            return x.prefix != y.prefix ? x.prefix < y.prefix : x.title < y.title;
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
        if (!offsets.empty()) {
          std::uint32_t* at = offsets.data() + start[b] + i;
          for (const Book& book : titles) {
            at = std::fill_n(at, book.end - book.begin, offset_of(book.ref));
          }
        }
        i = j;
      }
    }
  });

  std::size_t distinct = 0;
  for (std::size_t b = 0; b < buckets; ++b) distinct += end[b] - start[b];
  // The facts fill their list front to back as the keys behind them give their memory back,
  // on this thread; the other backs the list's fresh pages just ahead of the writing.
  std::vector<RankedFact>& facts = out.facts;
  facts.reserve(distinct);
  write_with_pages_ahead(
      facts.data(), distinct * sizeof(RankedFact), distinct,
      [&](std::atomic<std::size_t>& written) {
        std::size_t given_back = 0;
        for (std::size_t b = 0; b < buckets; ++b) {
          for (std::size_t i = start[b]; i < end[b]; ++i) {
            const std::uint64_t k = keys[i];
            // facts.size() <= i: moves the counts and offsets down in step
            if (!rows.empty()) rows[facts.size()] = rows[i];
            if (!offsets.empty()) offsets[facts.size()] = offsets[i];
            // Written member by member where it lies: a RankedFact made on the stack was
            // copied in through an 8-byte load of two 4-byte stores, which cannot be
            // forwarded (a third of this function's samples waited there).
            RankedFact& fact = facts.emplace_back();
            fact.author = static_cast<Id>(author_of(k));
            fact.title = title_of(k);
            fact.publisher = static_cast<Id>(k & publisher_mask);
          }
          written.store(facts.size() * sizeof(RankedFact), std::memory_order_relaxed);
          if (start[b + 1] - given_back >= kGiveBackEvery) {
            give_back_pages(keys + given_back, (start[b + 1] - given_back) * sizeof(std::uint64_t));
            given_back = start[b + 1];
          }
        }
      });
  if (!rows.empty()) rows.resize(distinct);
  if (!offsets.empty()) offsets.resize(distinct);
}

void sort_wide(const Pools& pools, FactList& read, std::vector<Id>& author_rank,
               std::vector<Id>& publisher_rank, bool row_counts, TreeOrder& out) {
  // Ranks too wide to pack into one integer: rank titles too and sort the facts as triples.
  std::vector<StringPool::Ref> title_by_rank;
  const std::vector<Id> title_rank = rank_strings(pools.titles, title_by_rank);
  std::vector<RankedFact>& facts = out.facts;
  facts.reserve(read.size());
  for (const Fact& fact : read) {
    facts.push_back(RankedFact{author_rank[fact.author], title_rank[fact.title],
                               publisher_rank[fact.publisher]});
  }
  read = FactList();
  std::sort(facts.begin(), facts.end(), [](const RankedFact& a, const RankedFact& b) {
    return std::tie(a.author, a.title, a.publisher) < std::tie(b.author, b.title, b.publisher);
  });
  if (row_counts) {
    out.rows.resize(facts.size());
    RankedFact* const kept_end =
        unique_counted(facts.data(), facts.data() + facts.size(), out.rows.data());
    facts.resize(static_cast<std::size_t>(kept_end - facts.data()));
    out.rows.resize(facts.size());
  } else {
    facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  }
  std::vector<Id> title_id(title_rank.size());
  for (Id id = 0; id < title_rank.size(); ++id) title_id[title_rank[id]] = id;
  for (RankedFact& fact : facts) fact.title = title_id[fact.title];
}

}  // namespace

TreeOrder sort_into_tree_order(FactList&& facts, const StringPool& authors,
                               const StringPool& titles, const StringPool& publishers,
                               bool row_counts, bool title_offsets) {
  TreeOrder out;
  const Pools pools{authors, titles, publishers};
  FactList read = std::move(facts);
  // Each ranking uses both threads when its pool is large.
  std::vector<Id> author_rank = rank_strings(authors, out.author_names);
  std::vector<Id> publisher_rank = rank_strings(publishers, out.publisher_names);
  const unsigned author_bits = bits_for(authors.size());
  const unsigned title_bits = bits_for(titles.size());
  const unsigned publisher_bits = bits_for(publishers.size());
  if (author_bits + title_bits + publisher_bits <= 64) {
    sort_packed(pools, read, author_rank, publisher_rank, row_counts, title_offsets, out);
  } else {
    sort_wide(pools, read, author_rank, publisher_rank, row_counts, out);
  }
  return out;
}

}  // namespace abp
