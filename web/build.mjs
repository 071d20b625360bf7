// Bundles the board (and later the Office task panes) into server/static with esbuild.
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
