// Hocuspocus (the Yjs sync server) as the comparison for bench/cluster/compare.py: one document "bench"
// holding a Y.Map "rows" of 1,000 rows (each a Y.Map with name, reach, description), like matrixsync's
// 1,000 activities. Saves are debounced the way Hocuspocus does by default (2 s, at most 10 s): the document
// is written to --store then, not before each change is sent on. Loopback only; stops on SIGTERM.
//
//   node hocus-server.mjs --port 1234 [--rows 1000] [--store /tmp/doc.bin]

import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { Server } from "@hocuspocus/server";
import * as Y from "yjs";

const { values: opt } = parseArgs({
  options: {
    port: { type: "string" },
    rows: { type: "string", default: "1000" },
    store: { type: "string" },
  },
});
const ROWS = Number.parseInt(opt.rows, 10);

const server = new Server({
  port: Number.parseInt(opt.port, 10),
  address: "127.0.0.1",
  quiet: true,
  debounce: 2000,
  maxDebounce: 10000,
  async onLoadDocument({ document }) {
    const rows = document.getMap("rows");
    if (rows.size === 0) {
      document.transact(() => {
        for (let i = 0; i < ROWS; i++) {
          const row = new Y.Map();
          row.set("name", `Activiteit ${i + 1}`);
          row.set("reach", 0);
          row.set("description", "");
          rows.set(`r${i}`, row);
        }
      });
    }
    return document;
  },
  async onStoreDocument({ document }) {
    if (opt.store) await writeFile(opt.store, Y.encodeStateAsUpdate(document));
  },
});
await server.listen();
console.log(`hocuspocus listening on 127.0.0.1:${opt.port}`);
