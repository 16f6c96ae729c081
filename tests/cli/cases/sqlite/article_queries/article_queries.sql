-- The three queries the article runs in the sqlite3 shell on its author_book_publisher.db
-- (section "Building Relationships"), as printed there; expected.stdout holds the results
-- the article prints under each.

-- One-to-many: authors joined with their books.
SELECT
a.first_name || ' ' || a.last_name AS author_name,
b.title AS book_title
FROM author a
JOIN book b ON b.author_id = a.author_id
ORDER BY a.last_name ASC;

-- Many-to-many: authors and the publishers of their books, through author_publisher.
SELECT
a.first_name || ' ' || a.last_name AS author_name,
p.name AS publisher_name
FROM author a
JOIN author_publisher ap ON ap.author_id = a.author_id
JOIN publisher p ON p.publisher_id = ap.publisher_id
ORDER BY a.last_name ASC;

-- Books per author.
SELECT
a.first_name || ' ' || a.last_name AS author_name,
COUNT(b.title) AS total_books
FROM author a
JOIN book b ON b.author_id = a.author_id
GROUP BY author_name
ORDER BY total_books DESC, a.last_name ASC;
