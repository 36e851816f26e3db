// Creates an embedded database folder (PGlite's initdb) and exits. createDb runs this in a child
// process the first time a folder is used: initdb's WebAssembly memory is never given back, so
// running it in the server's own process keeps ~500 MB resident for the server's whole life.
import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: init-pglite-dir.mjs DIR\n");
  process.exit(2);
}
const db = await PGlite.create(dir);
await db.close();
