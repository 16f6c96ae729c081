// The three answers of `abp report`, computed by DuckDB: books and authors per publisher and
// the author -> title -> publisher leaves, with values normalised as SPEC §1 says.
// usage: node duckdb_report.mjs FILE [OUT_PREFIX]
//   writes OUT_PREFIX.books.csv, .authors.csv and .tree.csv (default: all to /dev/null)
import { DuckDBInstance } from '@duckdb/node-api';

const [file, prefix] = process.argv.slice(2);
const out = (name) => (prefix ? `${prefix}.${name}.csv` : '/dev/null');
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const norm = (col) => `regexp_replace(trim(${col}, ' \t'), '[ \t]+', ' ', 'g')`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const db = await instance.connect();
await db.run(`
  CREATE TEMP TABLE facts AS
  SELECT DISTINCT concat_ws(' ', nullif(${norm('first_name')}, ''), nullif(${norm('last_name')}, ''))
                    AS author,
                  ${norm('title')} AS title, ${norm('publisher')} AS publisher
  FROM read_csv(${quote(file)}, header = true, all_varchar = true, delim = ',', quote = '"',
                escape = '"')`);
// Facts are distinct, so a publisher's facts are its distinct (author, title) books.
await db.run(`COPY (SELECT publisher, count(*) AS books FROM facts GROUP BY publisher
                   ORDER BY books DESC, publisher DESC) TO ${quote(out('books'))} (HEADER)`);
await db.run(`COPY (SELECT publisher, count(DISTINCT author) AS authors FROM facts
                   GROUP BY publisher ORDER BY authors DESC, publisher DESC)
              TO ${quote(out('authors'))} (HEADER)`);
await db.run(`COPY (SELECT author, title, publisher FROM facts ORDER BY author, title, publisher)
              TO ${quote(out('tree'))} (HEADER)`);
