// The three answers of `abp report`, computed by DuckDB: books and authors per publisher and
// the author -> title -> publisher leaves, with values normalised as SPEC §1 says.
// usage: node duckdb_report.mjs [--plain] [--columns AUTHOR,TITLE,PUBLISHER] FILE [OUT_PREFIX]
//   writes OUT_PREFIX.books.csv, .authors.csv and .tree.csv (default: all to /dev/null)
//   --plain: the same query without the normalisation (issue 17's second DuckDB figure: what
//            the SQL engine costs alone; its answers then differ from abp's on stray blanks)
//   --columns: one author column and the two others by name (a Goodreads export:
//            Author,Title,Publisher); default the reference layout's first_name + last_name
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
let plain = false;
let columns = null;
while (args.length > 0 && args[0].startsWith('--')) {
  const flag = args.shift();
  if (flag === '--plain') plain = true;
  else if (flag === '--columns') columns = args.shift().split(',');
  else throw new Error(`unknown flag ${flag}`);
}
const [file, prefix] = args;
const out = (name) => (prefix ? `${prefix}.${name}.csv` : '/dev/null');
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const column = (name) => `"${name.replaceAll('"', '""')}"`;
const norm = (col) =>
  plain ? `coalesce(${col}, '')` : `regexp_replace(trim(${col}, ' \t'), '[ \t]+', ' ', 'g')`;
const author = columns
  ? norm(column(columns[0]))
  : plain
    ? `concat_ws(' ', first_name, last_name)`
    : `concat_ws(' ', nullif(${norm('first_name')}, ''), nullif(${norm('last_name')}, ''))`;
const [title, publisher] = columns ? columns.slice(1).map(column) : ['title', 'publisher'];

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const db = await instance.connect();
await db.run(`
  CREATE TEMP TABLE facts AS
  SELECT DISTINCT ${author} AS author, ${norm(title)} AS title, ${norm(publisher)} AS publisher
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
