// Bundles the board and the Office task panes into server/static with esbuild.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";

const out = new URL("../server/static/", import.meta.url).pathname;
await mkdir(out, { recursive: true });
await build({
  entryPoints: { board: "src/board.js" },
  bundle: true,
  format: "iife",
  target: ["es2020"],
  sourcemap: true,
  minify: true,
  outdir: out,
  logLevel: "warning",
});
await copyFile(new URL("src/board.css", import.meta.url), `${out}board.css`);
console.log(`board gebouwd in ${out}`);

// The Office add-in: the task panes for Excel and PowerPoint and the start page, served under /addin/ by
// server/transports/addin_http.py (which fills the column config into the pages).
const addin = `${out}addin/`;
await mkdir(addin, { recursive: true });
await build({
  entryPoints: {
    "addin-excel": "src/addin/excel-main.js",
    "addin-powerpoint": "src/addin/powerpoint-main.js",
    "addin-start": "src/addin/start.js",
  },
  bundle: true,
  format: "iife",
  target: ["es2020"],
  sourcemap: true,
  minify: true,
  outdir: addin,
  logLevel: "warning",
});
for (const file of ["excel.html", "powerpoint.html", "taskpane.html", "addin.css"]) {
  await copyFile(new URL(`src/addin/${file}`, import.meta.url), `${addin}${file}`);
}
console.log(`taakvensters gebouwd in ${addin}`);
